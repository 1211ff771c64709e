"""benchmarks.stclient keeps the page as Streamlit's frontend does, fed ForwardMsgs by hand (no
server, deterministic). The order of messages is the one the load benchmark logged when a trainer
failed with `KeyError: no widget with key 'tr_play'`: the page was playing, a fragment tick called
st.rerun() (our turn came, or the pace changed), and the client looked the Play toggle up while
that server-started full run was redrawing the page. The frontend clears nothing when a run
starts; it drops what a run did not redraw when that run finishes (clearStaleNodes)."""

import asyncio

from streamlit.proto.Block_pb2 import Block
from streamlit.proto.Checkbox_pb2 import Checkbox
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.stclient import Session

PAGE = "page-hash"


def started(run: str, fragments=(), page: str = PAGE) -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.page_script_hash = page
    msg.metadata.run.script_run_id = run
    msg.metadata.run.fragment_ids.extend(fragments)
    return msg


def finished(run: str, fragments=()) -> ForwardMsg:
    msg = ForwardMsg()
    ok = (
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        if fragments
        else ForwardMsg.FINISHED_SUCCESSFULLY
    )
    msg.script_finished = ok
    msg.metadata.run.script_run_id = run
    msg.metadata.run.fragment_ids.extend(fragments)
    return msg


def block(path: tuple[int, ...], fragment: str = "") -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.add_block.CopyFrom(Block())
    msg.delta.fragment_id = fragment
    return msg


def toggle(path: tuple[int, ...], key: str, fragment: str = "") -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.new_element.checkbox.CopyFrom(
        Checkbox(id=f"$$ID-{key}hash-{key}", label=key, type=Checkbox.StyleType.TOGGLE)
    )
    msg.delta.fragment_id = fragment
    return msg


def full_page(run: str) -> list[ForwardMsg]:
    """The training page, reduced: Play and Step in a column, a live fragment beside them."""
    return [
        started(run),
        block((0, 0)),
        toggle((0, 0, 0), "tr_play"),
        toggle((0, 0, 1), "tr_step"),
        block((0, 1), fragment="live"),
        toggle((0, 1, 0), "tr_live_a", fragment="live"),
        toggle((0, 1, 1), "tr_live_b", fragment="live"),
        finished(run),
    ]


def keys(s: Session) -> set[str]:
    return {w.key for w in s.widgets()}


def fed(*messages: ForwardMsg) -> Session:
    s = Session("http://127.0.0.1:1")
    for msg in messages:
        s._handle(msg)
    return s


def test_a_server_started_full_run_leaves_the_page_on_screen_until_it_finishes():
    s = fed(*full_page("r1"), started("r2"), block((0, 0)))
    # Mid-run: the frontend still shows every widget (old client: only what r2 had sent so far).
    assert keys(s) == {"tr_play", "tr_step", "tr_live_a", "tr_live_b"}
    assert s.widget("tr_play").label == "tr_play"
    for msg in (toggle((0, 0, 0), "tr_play"), block((0, 1), "live"), finished("r2")):
        s._handle(msg)
    # Finished: what r2 did not redraw is gone, with its container's contents.
    assert keys(s) == {"tr_play"}


def test_a_fragment_run_drops_only_its_own_stale_elements():
    s = fed(
        *full_page("r1"),
        started("f1", ["live"]),
        block((0, 1), fragment="live"),
        toggle((0, 1, 0), "tr_live_a", fragment="live"),
        finished("f1", ["live"]),
    )
    assert keys(s) == {"tr_play", "tr_step", "tr_live_a"}


def test_another_page_clears_the_screen_when_its_run_starts():
    s = fed(*full_page("r1"), started("r2", page="other-page"))
    assert keys(s) == set()


def test_an_element_replacing_a_container_takes_its_contents_away():
    s = fed(*full_page("r1"), started("r2"), toggle((0, 0), "tr_alone"))
    assert "tr_play" not in keys(s) and "tr_alone" in keys(s)
    assert s.tree is not None  # no element left under an element: the tree still builds


class _Socket:
    """Delivers a list of ForwardMsgs to the session once a BackMsg is sent."""

    def __init__(self, session: Session, answer: list[ForwardMsg]) -> None:
        self.session, self.answer, self.sent = session, answer, []

    async def send(self, raw: bytes) -> None:
        self.sent.append(raw)
        loop = asyncio.get_running_loop()
        for msg in self.answer:
            loop.call_soon(self.session._handle, msg)


def test_a_request_is_not_answered_by_a_run_that_began_before_it():
    async def play_during_a_server_started_run() -> tuple[Session, set[str]]:
        s = fed(*full_page("r1"), started("r2"), block((0, 0)))  # r2: a fragment's st.rerun()
        # r2's script_finished was on its way when we sent; then our own run r3 answers.
        answer = [toggle((0, 0, 0), "tr_play"), finished("r2")]
        answer += [started("r3"), block((0, 0)), toggle((0, 0, 0), "tr_play")]
        answer += [toggle((0, 0, 1), "tr_step"), finished("r3")]
        s._ws = _Socket(s, answer)
        await s.set("tr_play", False)
        return s, keys(s)

    s, shown = asyncio.run(play_during_a_server_started_run())
    assert len(s._ws.sent) == 1
    assert s.foreign_finishes == 1  # r2's finish was seen, and not taken for the answer
    assert shown == {"tr_play", "tr_step"}  # the page of r3, the run that held the request
    assert len(s.runs) == 1 and s.runs[0].status == "ok"
