from ui.page import header

header("strides")
