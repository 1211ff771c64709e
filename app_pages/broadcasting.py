"""Broadcasting: shapes lined up from the right, 1s stretched with stride 0, and silent bugs."""

import streamlit as st

from app_pages.broadcasting_bugs import bug_gallery
from charts import broadcasting as view
from lib.broadcasting.code import snippet
from lib.broadcasting.ops import DEFAULTS, OPS, PICTURE, PRESETS, run
from lib.broadcasting.quiz import ERROR, question
from lib.broadcasting.rules import parse_shape, show_shape
from ui.chart import show
from ui.controls import Controls
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import presenting, scaled
from ui.tabs import view_tabs
from ui.text import t


def use_preset() -> None:
    """Copy the chosen example into the (URL-bound) shape boxes; the pills then reset."""
    chosen = st.session_state.get("bc_preset")
    for name, values in PRESETS.items():
        if t(f"broadcasting.preset_{name}") == chosen:
            st.session_state.update(zip(("bc_a", "bc_b", "bc_c", "bc_op"), values, strict=True))
    st.session_state["bc_preset"] = None


def next_question() -> None:
    st.session_state["bc_q"] += 1


header("broadcasting")
bound = Controls("broadcasting", "bc_")
examples = [t(f"broadcasting.preset_{name}") for name in PRESETS]
st.pills(t("broadcasting.presets"), examples, key="bc_preset", on_change=use_preset)
cols = st.columns([2, 2, 2, 4])  # the operator needs room for 7 buttons, in presenter too
texts = {
    n: bound(col.text_input, n, DEFAULTS[n], words=f"shape_{n}", live=True)
    for col, n in zip(cols, DEFAULTS, strict=False)
}
op = bound(cols[3].segmented_control, "op", OPS, default="+", required=True)
wanted = [n for n in texts if n != "c" or texts[n].strip()]  # c is optional
shapes, r = [], None
for col, n in zip(cols, wanted, strict=False):
    try:
        shapes.append(parse_shape(texts[n]))
    except ValueError as err:
        with col:
            show_error(err)
if len(shapes) == len(wanted):
    try:
        r = run(tuple(shapes), op)
    except ValueError as err:
        show_error(err)
words = {w: t(f"broadcasting.{w}") for w in view.WORDS}
if r:
    b, facts = r.broadcast, view.numbers(r)  # the live numbers every sentence below may quote

# Only the open tab does its work: typing a shape does not redraw the hidden bug gallery.
tab_ids = ("rule", "memory", "bugs")
rule_tab, memory_tab, bugs_tab = view_tabs("broadcasting", tab_ids, "bc_tab", param="bc_view")
with rule_tab:
    if r and rule_tab.open:
        if b.ok:
            st.success(t("broadcasting.ok", **facts))
        else:
            st.warning(t("broadcasting.fails", **facts))
            st.code(f"RuntimeError: {r.error}", language=None, wrap_lines=True)
        if r.note:  # shape-only mode, an empty result, or too big to draw
            st.info(t(f"broadcasting.mode_{r.note}", **facts), icon="ℹ️")
        if r.mode == PICTURE:  # the picture first, right under the shapes that drive it
            labels = [t(f"broadcasting.{w}") for w in ("real", "virtual", "index")]
            show(view.grids(r, r.expression, *labels, largest=scaled(view.CELL)), stretch=False)
            st.caption(t("broadcasting.picture_caption"))
        # side by side on a laptop; in presenter mode the big table needs the full width
        left, right = (st.container(), st.container()) if presenting() else st.columns([3, 2])
        left.table(view.rule_table(b, words))
        left.code(view.aligned(b, words["result"]), language=None)
        right.markdown(t("broadcasting.rules"))
    explanation("broadcasting")

with memory_tab:
    if r and memory_tab.open and r.broadcast.ok:
        st.markdown(t("broadcasting.strides_intro", shape=show_shape(r.broadcast.shape)))
        st.table(view.stride_table(r, words), hide_index=True)
        m1, m2, m3 = st.columns(3)
        m1.metric(t("broadcasting.expand_new"), view.human_bytes(r.expand_new_bytes))
        m2.metric(t("broadcasting.repeat_new"), view.human_bytes(r.repeat_bytes))
        m3.page_link("app_pages/strides.py", label=t("broadcasting.to_strides"), icon="🧱")
    if r and memory_tab.open:
        st.subheader(t("broadcasting.inplace_head"))
        st.markdown(t("broadcasting.inplace_intro"))
        for col, ip in zip(st.columns(2), r.inplace, strict=True):
            col.code(ip.code, language="python")
            if ip.error:
                col.code(f"RuntimeError: {ip.error}", language=None, wrap_lines=True)
                col.caption(t("broadcasting.inplace_meta") if ip.on_meta else "")
            else:
                col.success(t("broadcasting.inplace_ok", name=ip.code[0]), icon="✅")

with bugs_tab:
    bug_gallery(bound, bugs_tab)

if r:
    ip = r.inplace[0]
    points = [t(f"broadcasting.notice_{'ok' if b.ok else 'fail'}", **facts)]
    for e in [e for e in r.expansions if 0 in e.expanded_stride][:1]:
        stride, size = e.expanded_stride, view.human_bytes(e.repeat_bytes)
        points.append(t("broadcasting.notice_stride", name=e.name, stride=stride, size=size))
    key = "broadcasting.notice_inplace_fail" if ip.error else "broadcasting.notice_inplace_ok"
    points.append(t(key, shape=show_shape(b.shapes[0])))
    notice(points)
    code_panel(snippet(r))

q1, q2 = st.columns([1, 3], vertical_alignment="bottom")
q = question(bound(q1.number_input, "q", 0, 10**6, 0, words="question"))
q2.button(t("broadcasting.new_question"), key="bc_new_question", on_click=next_question)
said = {o: t("broadcasting.quiz_error") if o == ERROR else o for o in q.options}
qb, qkey = q.broadcast, "quiz_ok" if q.broadcast.ok else "quiz_no"
why = t(f"broadcasting.{qkey}", shape=q.answer, dim=qb.conflict_dim)
why += f"\n\n```\n{view.aligned(qb, words['result'])}\n```"
ask = t("broadcasting.quiz", a=show_shape(q.shapes[0]), b=show_shape(q.shapes[1]))
check_yourself("bc_check", ask, list(said.values()), said[q.answer], why)
