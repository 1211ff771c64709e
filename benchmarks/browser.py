"""What a student's browser sees: cold start, slider key press -> chart redrawn, server memory.

One real `streamlit run` on 127.0.0.1 and Debian's Chromium (headless, every non-loopback request
aborted). In order:

1. Cold start: from `streamlit run` (process start) to the home page fully drawn (script finished,
   heading shown). The browser is launched before the server: starting a browser is the student's
   business, not the app's.
2. Every page visited once (first-visit time each), then the server's VmRSS / VmHWM.
3. Per page, at its heaviest realistic setting (benchmarks.scenarios): focus a slider and press an
   arrow key; time from the keydown event to the last change of any chart's SVG/canvas, once the
   script has finished and the charts have been quiet for QUIET_MS.

    python -m benchmarks.browser [--presses 15]
"""

from __future__ import annotations

import argparse
import re
import time
from urllib.parse import urlencode

from benchmarks import server, stats
from benchmarks.scenarios import scenarios
from ui.concepts import CONCEPTS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = re.compile(r"^(https?|wss?)://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
QUIET_MS = 600
COLD_TARGET_S, RSS_TARGET_MB = 5.0, 500

# Armed before each key press: remembers the keydown time and the last time any chart changed
# (SVG mutations; canvas charts are compared frame by frame).
ARM = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const inChart = n => n && n.nodeType === 1
      ? !!(n.closest('[data-testid="stVegaLiteChart"]')
           || n.querySelector?.('[data-testid="stVegaLiteChart"]'))
      : !!(n && n.parentElement && n.parentElement.closest('[data-testid="stVegaLiteChart"]'));
  const w = window.__bench = {t0: null, last: null, sawRun: false};
  w.observer?.disconnect();
  w.observer = new MutationObserver(list => {
    if (w.t0 === null) return;
    if (list.some(m => inChart(m.target) || [...m.addedNodes].some(inChart))) {
      w.last = performance.now();
    }
  });
  w.observer.observe(main, {subtree: true, childList: true, attributes: true,
                            characterData: true});
  const app = document.querySelector('[data-testid="stApp"]');
  const canvases = () => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] canvas')];
  let sig = canvases().map(c => c.toDataURL().length).join();
  const frame = () => {
    if (app.dataset.testScriptState === 'running') w.sawRun = true;
    const now = canvases().map(c => c.toDataURL().length).join();
    if (w.t0 !== null && now !== sig) { w.last = performance.now(); sig = now; }
    if (!w.stop) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener('keydown', e => { if (w.t0 === null) w.t0 = performance.now(); },
                            {capture: true, once: true});
}
"""
SETTLED = """
quiet => {
  const w = window.__bench, app = document.querySelector('[data-testid="stApp"]');
  const idle = app.dataset.testScriptState === 'notRunning';
  const since = performance.now() - (w.last ?? w.t0 ?? performance.now());
  return w.t0 !== null && w.sawRun && idle && since > quiet;
}
"""
RESULT = (
    "() => { const w = window.__bench; w.stop = true; w.observer.disconnect(); "
    "return w.last === null ? null : w.last - w.t0; }"
)


def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _tab(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    ctx.route(
        re.compile(r".*"),
        lambda route: route.continue_() if LOOPBACK.match(route.request.url) else route.abort(),
    )
    return ctx.new_page()


def _goto(tab, url: str, timeout: float = 120_000) -> float:
    start = time.perf_counter()
    tab.goto(url, timeout=timeout)
    tab.wait_for_selector(IDLE, timeout=timeout)
    tab.locator('[data-testid="stMain"] h1').first.wait_for(timeout=timeout)
    tab.wait_for_timeout(100)
    return time.perf_counter() - start


def cold_start(p) -> tuple[dict, object, str, object]:
    """Server start -> home drawn. Returns the measurement and the live server for what follows."""
    browser = _browser(p)
    tab = _tab(browser)
    started = time.perf_counter()
    proc, url = server.start()
    healthy = server.wait_healthy(url, proc)
    _goto(tab, url + "/?lang=en")
    drawn = time.perf_counter() - started
    tab.context.close()
    return (
        {
            "healthy_s": round(healthy, 2),
            "first_page_drawn_s": round(drawn, 2),
            "target_s": COLD_TARGET_S,
            "met": drawn <= COLD_TARGET_S,
        },
        proc,
        url,
        browser,
    )


def visit_every_page(browser, url: str, proc) -> dict:
    tab = _tab(browser)
    first_visit = {}
    for c in CONCEPTS:
        first_visit[c.key] = round(_goto(tab, f"{url}/{c.url_path}?lang=en"), 2)
        exceptions = tab.locator('[data-testid="stException"]').count()
        if exceptions:
            first_visit[c.key + " exceptions"] = exceptions
    tab.context.close()
    mem = server.memory_mb(proc.pid)
    return {
        "first_visit_s": first_visit,
        "rss_mb": round(mem["VmRSS"], 1),
        "hwm_mb": round(mem["VmHWM"], 1),
        "target_mb": RSS_TARGET_MB,
        "met": mem["VmRSS"] <= RSS_TARGET_MB,
    }


def key_presses(browser, url: str, presses: int) -> dict:
    pages = {}
    for sc in scenarios():
        key = sc.browser_key or sc.key
        tab = _tab(browser)
        query = urlencode({"lang": "en", **sc.query, **sc.browser_query}, doseq=True)
        try:
            _goto(tab, f"{url}/{sc.url_path}?{query}")
            if sc.browser_tab is not None:
                tab.locator('[data-testid="stMain"] [role="tab"]').nth(sc.browser_tab).click()
                tab.wait_for_selector(IDLE, timeout=60_000)
            where = f".st-key-{key}" if key else '[data-testid="stMain"] [data-testid="stSlider"]'
            thumb = tab.locator(f"{where} input[type=range]").first
            thumb.wait_for(timeout=10_000)
        except Exception as err:  # a page in the middle of an edit: say so, measure the rest
            pages[sc.concept] = {"widget": key, "skipped": f"{type(err).__name__}: {err}"[:200]}
            tab.context.close()
            continue
        samples: list[float] = []
        missed = 0
        arrow = "ArrowRight"
        for _ in range(presses):
            before = thumb.get_attribute("value")
            tab.evaluate(ARM)
            thumb.focus()
            tab.keyboard.press(arrow)
            if thumb.get_attribute("value") == before:  # at the end of the range: turn around
                arrow = "ArrowLeft" if arrow == "ArrowRight" else "ArrowRight"
                tab.keyboard.press(arrow)
            try:
                tab.wait_for_function(SETTLED, arg=QUIET_MS, timeout=60_000, polling=20)
            except Exception:
                missed += 1
                continue
            ms = tab.evaluate(RESULT)
            if ms is None:
                missed += 1
            else:
                samples.append(ms / 1000)
        exceptions = tab.locator('[data-testid="stException"]').count()
        tab.context.close()
        pages[sc.concept] = {
            "widget": key,
            **stats.summary_ms(samples),
            "no_chart_change": missed,
            "exceptions": exceptions,
        }
    return pages


def run(presses: int = 15) -> dict:
    from playwright.sync_api import sync_playwright

    started = time.time()
    machine = server.machine()
    with sync_playwright() as p:
        cold, proc, url, browser = cold_start(p)
        try:
            memory = visit_every_page(browser, url, proc)
            pages = key_presses(browser, url, presses)
            after = server.memory_mb(proc.pid)
        finally:
            browser.close()
            server.stop(proc)
    result = {
        "benchmark": "browser",
        "what": "Chromium: keydown on a slider -> last chart SVG/canvas change after the rerun",
        "presses": presses,
        "seconds": round(time.time() - started, 1),
        "machine": machine,
        "loadavg_after": [round(x, 2) for x in __import__("os").getloadavg()],
        "cold_start": cold,
        "memory_after_every_page": memory,
        "memory_after_key_presses_mb": {k: round(v, 1) for k, v in after.items()},
        "pages": pages,
    }
    stats.write("browser", result)
    return result


def table(result: dict) -> str:
    lines = [
        "| page | slider | p50 ms | p95 ms | presses without a chart change |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name, p in result["pages"].items():
        if "skipped" in p:
            lines.append(f"| {name} | `{p['widget']}` | — | — | skipped: {p['skipped']} |")
        else:
            lines.append(
                f"| {name} | `{p['widget']}` | {p['p50_ms']} | {p['p95_ms']} "
                f"| {p['no_chart_change']} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=15)
    args = parser.parse_args()
    result = run(args.presses)
    print(table(result))
    print("cold start:", result["cold_start"])
    print("memory after every page:", result["memory_after_every_page"])
    print(f"machine: {result['machine']}  load after: {result['loadavg_after']}")


if __name__ == "__main__":
    main()
