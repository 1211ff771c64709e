"""What the fuzzers found, kept as plain tests so a fix stays fixed (issue 8)."""

import io

from PIL import Image

from tests.fuzz.test_fuzz_inputs import assert_readable_refusals
from tests.pages.conftest import open_page


def _png(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (40, 120, 200)).save(buf, format="PNG")
    return buf.getvalue()


def test_a_picture_far_wider_than_tall_is_shown_or_refused_never_a_traceback():
    """4096 x 2 pixels shrinks to 256 x 1; drawn 160 wide it would be 0 pixels tall, and
    st.image raised 'height and width must be > 0' (Pillow) from inside the page. Each of these is
    under 8 pixels tall once shrunk: refused in one sentence, and no picture."""
    at = open_page("app_pages/augmentation.py", "en", aug_image="upload")
    for size in [(4096, 2), (2000, 3), (300, 1)]:
        uploader = next(u for u in at.get("file_uploader") if u.key == "aug_upload")
        uploader.set_value(("wide.png", _png(*size), "image/png"))
        at.run()
        assert_readable_refusals(at, f"upload {size[0]}x{size[1]}")
        assert len(at.error) == 1 and not at.get("image"), size
