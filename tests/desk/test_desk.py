#!/usr/bin/python3
"""test_desk.py - the desk in a real browser: headless Chromium (Selenium) against a real saywho
and a real PostgreSQL. Loads the seed through the page, checks Putin's statements, a reassignment,
the history, a 412 on a stale edit, a new speaker with re-extraction, search, endless scrolling,
the CSV export and the speaker chart, with zero unexpected console errors; saves a screenshot of
each view into the folder given as argv[1]. Exit 77 (skipped) without DATABASE_URL, Chromium or
Selenium."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

TOKEN = "desk-token-0123456789"
SEED = "000_769c9fc006ba94f1.txt"
WAIT = 10  # seconds any one step may take


def skip_all(reason):
    print(f"SKIP: {reason}")
    sys.exit(77)


if not os.environ.get("DATABASE_URL"):
    skip_all("DATABASE_URL is not set (scripts/test provides it)")
if not shutil.which("chromium") or not shutil.which("chromedriver"):
    skip_all("chromium and chromium-driver are not installed")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    skip_all("python3-selenium is not installed")

out_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
os.makedirs(out_dir, exist_ok=True)


# ---- the server -----------------------------------------------------------------------

def psql(sql):
    subprocess.run(["psql", os.environ["DATABASE_URL"], "-qAtc", sql], check=True,
                   stdout=subprocess.DEVNULL, timeout=30)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(dbname, extra=None):
    port = free_port()
    env = dict(os.environ, DATABASE_URL=f"{os.environ['DATABASE_URL']} dbname={dbname}",
               HOST="127.0.0.1", PORT=str(port), THREADS="2", DB_POOL_SIZE="4",
               API_TOKENS=f"desk:{TOKEN}", LOG_FORMAT="text", **(extra or {}))
    log = open(os.path.join(out_dir, f"saywho-{port}.log"), "w")
    proc = subprocess.Popen([os.environ["SAYWHO_BIN"]], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health/live", timeout=1):
                return proc, base
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"saywho did not start on {base}")


def stop_server(proc):
    proc.terminate()
    try:
        assert proc.wait(timeout=15) == 0, f"saywho exited {proc.returncode}"
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def call(base, method, path, body=None, headers=None):
    """(status, headers, body bytes) of one request; never raises on an HTTP status."""
    data = json.dumps(body).encode() if body is not None else None
    h = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"} if data else {}
    h.update(headers or {})
    req = urllib.request.Request(base + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=WAIT) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def check_headers(base):
    """What /desk/ answers outside the page: types, caching, the security headers."""
    for path, ctype in [("/desk/", "text/html"), ("/desk/desk.js", "text/javascript"),
                        ("/desk/desk.css", "text/css"), ("/desk/favicon.svg", "image/svg+xml")]:
        status, h, body = call(base, "GET", path)
        assert status == 200 and body, f"{path}: {status}"
        assert h["Content-Type"].startswith(ctype), f"{path}: Content-Type {h['Content-Type']}"
        csp = h["Content-Security-Policy"] or ""
        assert "default-src 'self'" in csp and "connect-src 'self'" in csp, f"{path}: CSP {csp}"
        assert "unsafe-inline" not in csp, f"{path}: CSP allows inline code"
        assert h["X-Content-Type-Options"] == "nosniff", path
        assert h["Cache-Control"], f"{path}: no Cache-Control"
        status, h2, body2 = call(base, "GET", path, headers={"If-None-Match": h["ETag"]})
        assert status == 304 and body2 == b"", f"{path}: If-None-Match gave {status}"
    status, h, _ = call(base, "GET", "/desk/../openapi.json.bak")
    assert status == 404, f"an unknown desk path answered {status}"
    html = call(base, "GET", "/desk/")[2].decode()
    assert "<script>" not in html and "style=" not in html, "inline script or style in index.html"
    status, h, _ = call(base, "GET", "/desk/nope.js")
    assert status == 404 and h["Content-Type"] == "application/problem+json"


def check_desk_off(dbname):
    proc, base = start_server(dbname, {"DESK": "off"})
    try:
        for path in ["/desk/", "/desk/desk.js"]:
            status, h, body = call(base, "GET", path)
            assert status == 404, f"DESK=off: {path} answered {status}"
            assert b"DESK=off" in body, f"DESK=off: {path}: {body!r}"
        assert call(base, "GET", "/health/live")[0] == 200
    finally:
        stop_server(proc)


# ---- the browser ----------------------------------------------------------------------

def browser(profile):
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,900"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    d.set_page_load_timeout(WAIT)
    d.set_script_timeout(WAIT)
    return d


# WCAG 2 contrast of every visible element's own text against its nearest opaque background:
# at least 4.5:1, or 3:1 for large text; disabled controls are exempt, as WCAG has them.
CONTRAST_JS = """
const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
const lum = (c) => { const [r, g, b] = rgb(c).slice(0, 3).map((v) => { v /= 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const bg = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
  const v = rgb(c); if (v.length === 3 || (v.length === 4 && v[3] > 0.5)) return c; }
  return 'rgb(255, 255, 255)'; };
const bad = [];
for (const e of document.querySelectorAll('body *')) {
  if (!e.offsetParent || e.disabled || e.closest(':disabled')) continue;
  if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
  const s = getComputedStyle(e), a = lum(s.color), b = lum(bg(e));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const px = parseFloat(s.fontSize), large = px >= 24 || (px >= 18.66 && Number(s.fontWeight) >= 700);
  if (ratio < (large ? 3 : 4.5))
    bad.push(`${e.tagName}.${e.className} "${e.textContent.trim().slice(0, 40)}" ${ratio.toFixed(2)}:1`);
}
return bad;
"""


def run_page(d, base):
    wait = WebDriverWait(d, WAIT)
    css = lambda sel: d.find_elements(By.CSS_SELECTOR, sel)
    visible = lambda id_: d.find_element(By.ID, id_).is_displayed()

    def shot(name):
        low = d.execute_script(CONTRAST_JS)
        assert not low, f"{name}: text below WCAG AA contrast: {low}"
        d.save_screenshot(os.path.join(out_dir, f"desk-{name}.png"))

    def wait_ready(view):
        wait.until(lambda _: d.find_element(By.TAG_NAME, "body").get_attribute("data-view") == view)

    def go(hash_):
        serial = d.find_element(By.TAG_NAME, "body").get_attribute("data-ready")
        d.execute_script("location.hash = arguments[0]", hash_)
        wait.until(lambda _: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") != serial)

    def putin_spans():
        return css('#article-body .st[data-speaker="vladimir-putin"]')

    def notice_says(text):
        wait.until(lambda _: visible("notice") and text in d.find_element(By.ID, "notice").text)

    # Read-only until a token is given; the token goes to sessionStorage only.
    d.get(base + "/desk/")
    wait_ready("ingest")
    assert d.find_element(By.ID, "mode").text == "read-only"
    assert not d.find_element(By.CSS_SELECTOR, "#paste-form button").is_enabled()
    d.find_element(By.ID, "token").send_keys(TOKEN, Keys.ENTER)
    wait.until(lambda _: d.find_element(By.CSS_SELECTOR, "#paste-form button").is_enabled())
    assert d.execute_script("return sessionStorage.getItem('saywho.token')") == TOKEN
    assert d.execute_script("return localStorage.length") == 0
    assert TOKEN not in d.execute_script("return document.cookie")

    # Ingest: the seed pasted as wire text opens as an article.
    seed = open(os.path.join(os.environ["SAYWHO_SEED_DIR"], SEED), encoding="utf-8").read()
    d.execute_script("document.getElementById('paste').value = arguments[0]", seed)
    shot("ingest")
    d.find_element(By.CSS_SELECTOR, "#paste-form button").click()
    wait_ready("article")
    wait.until(lambda _: len(putin_spans()) > 0)
    article_id = int(d.execute_script("return location.hash").rsplit("/", 1)[1])
    status, _, body = call(base, "GET", f"/statements?speaker=vladimir-putin&article_id={article_id}")
    putin_ids = [s["id"] for s in json.loads(body)["items"]]
    assert len(putin_ids) == 5 and len(putin_spans()) == 5, (putin_ids, len(putin_spans()))
    assert sorted(int(s.get_attribute("data-id")) for s in putin_spans()) == sorted(putin_ids)
    headings = [h.text for h in css("#article-body h2")]
    assert headings == ["Pandemic", "Beijing Winter Olympics", "SCO", "Bilateral Trade",
                        "Energy Cooperation"], headings
    assert css("#article-body .quote"), "no quotation set off"
    tip = putin_spans()[0].get_attribute("data-tip")
    assert "Vladimir Putin" in tip and "confidence" in tip, tip
    counts = {li.get_attribute("data-speaker"): li.find_element(By.CSS_SELECTOR, ".count").text
              for li in css("#article-speakers li")}
    assert counts.get("vladimir-putin") == "5", counts
    shot("article")

    # A duplicate post opens the stored article.
    go("#/")
    d.execute_script("document.getElementById('paste').value = arguments[0]", seed)
    d.find_element(By.CSS_SELECTOR, "#paste-form button").click()
    wait_ready("article")
    notice_says("already stored")
    assert d.execute_script("return location.hash") == f"#/article/{article_id}"
    wait.until(lambda _: len(putin_spans()) == 5)

    # Several files dropped at once (here chosen with the file input): a line and progress each.
    go("#/")
    paths = [os.path.join(os.environ["SAYWHO_SEED_DIR"], SEED), os.path.join(out_dir, "extra.json")]
    with open(paths[1], "w", encoding="utf-8") as f:
        json.dump({"body": "Putin said the talks were useful.", "source": "Desk test",
                   "published_at": "2021-11-02"}, f)
    d.find_element(By.ID, "files").send_keys("\n".join(paths))
    wait.until(lambda _: d.find_element(By.ID, "ingest-count").text == "Done: 2 of 2")
    lines = [li.text for li in css("#ingest-log li")]
    assert len(lines) == 2 and "already stored" in lines[0] and ": stored as" in lines[1], lines
    assert d.find_element(By.ID, "ingest-bar").get_attribute("value") == "2"
    go(f"#/article/{article_id}")
    wait.until(lambda _: len(putin_spans()) == 5)

    # Reassign one of Putin's statements to Xi with the mouse and the searchable list.
    moved = putin_ids[-1]
    d.find_element(By.CSS_SELECTOR, f'.st[data-id="{moved}"]').click()
    wait.until(lambda _: visible("panel"))
    d.find_element(By.ID, "speaker-filter").send_keys("chinese pres")
    wait.until(lambda _: len(css("#speaker-choices button")) == 1)
    css('#speaker-choices button[data-slug="xi-jinping"]')[0].click()
    notice_says("Attributed to Xi Jinping")
    wait.until(lambda _: len(putin_spans()) == 4)
    st = json.loads(call(base, "GET", f"/statements/{moved}")[2])
    assert st["speaker"]["slug"] == "xi-jinping" and st["attribution"]["method"] == "manual", st

    # Its history, one click away.
    d.find_element(By.ID, "show-history").click()
    wait.until(lambda _: len(css("#history-rows tr")) == 2)
    last = [td.text for td in css("#history-rows tr")[-1].find_elements(By.TAG_NAME, "td")]
    assert last[1] == "desk" and last[2] == "Xi Jinping" and last[3] == "manual", last
    d.execute_script("document.getElementById('history').scrollIntoView()")
    shot("history")

    # A stale edit: picked by keyboard, changed behind the page's back, then edited: 412.
    stale = putin_ids[0]
    span = d.find_element(By.CSS_SELECTOR, f'.st[data-id="{stale}"]')
    d.execute_script("arguments[0].focus()", span)
    span.send_keys(Keys.ENTER)
    wait.until(lambda _: visible("panel") and d.find_element(By.ID, "panel-h").text.startswith("Statement"))
    wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, f'.st[data-id="{stale}"][aria-pressed="true"]'))
    status, _, _ = call(base, "PUT", f"/statements/{stale}/speaker", {"speaker": "xi-jinping"})
    assert status == 200, status
    d.find_element(By.ID, "speaker-filter").clear()
    d.find_element(By.ID, "speaker-filter").send_keys("putin")
    wait.until(lambda _: css('#speaker-choices button[data-slug="vladimir-putin"]'))
    css('#speaker-choices button[data-slug="vladimir-putin"]')[0].click()
    wait.until(lambda _: visible("problem"))
    assert d.find_element(By.ID, "problem-title").text == "Precondition Failed"
    assert "reloaded" in d.find_element(By.ID, "problem-detail").text
    wait.until(lambda _: d.find_element(By.CSS_SELECTOR, f'.st[data-id="{stale}"]')
               .get_attribute("data-speaker") == "xi-jinping")
    st = json.loads(call(base, "GET", f"/statements/{stale}")[2])
    assert st["speaker"]["slug"] == "xi-jinping", "the stale edit changed the statement"
    shot("conflict")
    d.find_element(By.ID, "problem-close").click()

    # A new speaker with aliases, and extraction again: manual decisions stay.
    d.find_element(By.ID, "new-name").send_keys("Antonio Guterres")
    d.find_element(By.ID, "new-aliases").send_keys("the UN chief, Guterres")
    d.find_element(By.CSS_SELECTOR, "#add-speaker button").click()
    notice_says("Added Antonio Guterres")
    st = json.loads(call(base, "GET", f"/statements/{moved}")[2])
    assert st["speaker"]["slug"] == "xi-jinping" and st["attribution"]["method"] == "manual", st
    assert len(putin_spans()) == 3

    # Browse: every statement, 25 a page, the rest on scrolling to the end.
    go(f"#/browse?q=&speaker=")
    wait_ready("browse")
    total = sum(a["statement_count"] for a in json.loads(call(base, "GET", "/articles")[2])["items"])
    assert total > 25, total
    wait.until(lambda _: len(css("#browse-list li")) == 25)
    d.execute_script("document.getElementById('browse-more').scrollIntoView()")
    wait.until(lambda _: len(css("#browse-list li")) == total and visible("browse-end"))

    # Search, with the matched words highlighted.
    d.find_element(By.ID, "f-q").send_keys("cooperation")
    d.find_element(By.ID, "f-speaker").send_keys("Xi Jinping")
    d.find_element(By.CSS_SELECTOR, "#filters button").click()
    wait.until(lambda _: "cooperation" in d.execute_script("return location.hash"))
    wait.until(lambda _: css("#browse-list li[data-id]"))
    items = json.loads(call(base, "GET", "/statements?q=cooperation&speaker=xi-jinping&limit=25")[2])["items"]
    assert len(css("#browse-list li[data-id]")) == len(items) > 0
    for li in css("#browse-list li[data-id]"):
        assert "cooperat" in li.text.lower() and "Xi Jinping" in li.text, li.text
    marks = [m.text.lower() for m in css("#browse-list mark")]
    assert len(marks) == sum(len(i["highlight"]) for i in items), marks
    assert marks and all(m.startswith("cooperat") for m in marks), marks
    shot("browse")

    # The CSV export of the same result.
    href = d.find_element(By.ID, "export-csv").get_attribute("href")
    assert "format=csv" in href and "q=cooperation" in href, href
    status, h, body = call(base, "GET", href[len(base):])
    assert status == 200 and h["Content-Type"].startswith("text/csv"), (status, h["Content-Type"])
    lines = body.decode().splitlines()
    assert lines[0].startswith("id,article_id,seq"), lines[0]
    assert len(lines) == 1 + len(items), (len(lines), len(items))
    d.find_element(By.ID, "export-csv").click()
    notice_says("Exported CSV")

    # The speaker page: statements and, when served, the chart from /stats.
    go("#/speaker/vladimir-putin")
    wait_ready("speaker")
    assert d.find_element(By.ID, "speaker-h").text == "Vladimir Putin"
    his = json.loads(call(base, "GET", "/speakers/vladimir-putin/statements")[2])["items"]
    assert len(his) == 4, his  # five in the seed, two moved to Xi, one in extra.json
    wait.until(lambda _: [int(li.get_attribute("data-id")) for li in css("#speaker-list li[data-id]")]
               == [s["id"] for s in his])
    status, _, body = call(base, "GET", "/speakers/vladimir-putin/stats")
    assert status == 200, status
    stats = json.loads(body)
    wait.until(lambda _: css("#chart-month svg rect.bar"))
    assert len(css("#chart-month svg rect.bar")) == len(stats["by_month"])
    assert len(css("#chart-section svg rect.bar")) == len(stats["by_section"])
    summary = d.execute_script(
        "return document.querySelector('#chart-month svg > title').textContent")
    for row in stats["by_month"]:
        assert f"{row['month'] or 'undated'}: {row['count']}" in summary, (summary, row)
    shot("speaker")


def console_errors(d):
    """Severe console entries, less the failed requests this run provoked on purpose."""
    expected = ["412 (Precondition Failed)"]
    bad = []
    for entry in d.get_log("browser"):
        if entry["level"] != "SEVERE":
            continue
        msg = entry["message"]
        if entry.get("source") == "network" and any(e in msg for e in expected):
            print(f"expected: {msg}")
        else:
            bad.append(msg)
    return bad


def main():
    dbname = f"saywho_desk_{os.getpid()}"
    psql(f"CREATE DATABASE {dbname}")
    procs = []
    profile = subprocess.run(["mktemp", "-d", "/tmp/saywho-desk-chromium.XXXXXX"],
                             capture_output=True, text=True, check=True).stdout.strip()
    d = None
    try:
        t0 = time.monotonic()
        proc, base = start_server(dbname)
        procs.append(proc)
        check_headers(base)
        check_desk_off(dbname)
        d = browser(profile)
        run_page(d, base)
        bad = console_errors(d)
        assert not bad, "console errors:\n" + "\n".join(bad)
        print(f"desk: all checks passed in {time.monotonic() - t0:.1f} s; screenshots in {out_dir}")
    finally:
        if d is not None:
            d.quit()
        for p in procs:
            stop_server(p)
        shutil.rmtree(profile, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {dbname}")


main()
