#!/usr/bin/env python3
"""Renders watcherd's report in headless Chromium, as a reader's browser would, and checks what it shows.

    scripts/report-browser-test.py WATCHERD

Builds three reports with `WATCHERD report` from logs made by scripts/report-fixture.py: the seeds' (a few alerts),
an empty period (0 alerts) and 10,000 alerts. Each is opened from a file in headless Chromium (Debian package
`chromium`), driven over the DevTools protocol on a pipe (--remote-debugging-pipe, no network port). A page passes
when it logs no console message, warning or exception of level warning or error (a blocked fetch, a script error or
a Content-Security-Policy violation would be one), when its content is no wider than the window (the layout holds),
and when its screenshot is not blank: enough non-white pixels, and the severity colours of the seeds' alerts. Two
control pages, one that loads an external image and one that is empty, must fail the same checks, so this test is
known to catch what it looks for. Screenshots are kept in .build/report-browser/.
"""
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTH, HEIGHT = 1200, 1600


class Browser:
    """One headless Chromium, spoken to over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-terminated JSON)."""

    def __init__(self, profile):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            sys.exit("report-browser-test: FAIL: chromium is not installed (Debian: apt-get install chromium)")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        # Chromium reads commands on fd 3 and writes on fd 4. Through high numbers first, so that one pipe end
        # already sitting on 3 or 4 is not overwritten by the other.
        def setup():
            os.dup2(to_browser_r, 100)
            os.dup2(from_browser_w, 101)
            os.dup2(100, 3)
            os.dup2(101, 4)
            os.close(100)
            os.close(101)
        args = [chromium, "--headless=new", "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
                "--disable-gpu", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")
        self.process = subprocess.Popen(args, close_fds=False, preexec_fn=setup,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        return self.wait(lambda m: m.get("id") == self.next_id, f"reply to {method}")

    def wait(self, predicate, what, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            for i, message in enumerate(self.events):
                if predicate(message):
                    del self.events[i]
                    if "error" in message:
                        raise RuntimeError(f"{what}: {message['error']}")
                    return message
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {what} within {timeout} s")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                self.events.append(json.loads(raw))

    def render(self, path):
        """Console problems, content width and a PNG screenshot of the page at `path`."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["result"]["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["result"]["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False}, session=session)
        self.events = [e for e in self.events if e.get("sessionId") != session or "id" in e]
        self.send("Page.navigate", {"url": "file://" + os.path.abspath(path)}, session=session)
        self.wait(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session, "load event")
        # Let late resource errors and layout settle.
        self.send("Runtime.evaluate", {"expression": "new Promise(r => setTimeout(r, 300))", "awaitPromise": True}, session=session)
        problems = []
        for event in list(self.events):
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                problems.append("exception: " + json.dumps(params.get("exceptionDetails", {}))[:300])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                problems.append(f"console.{params['type']}: " + json.dumps(params.get("args", []))[:300])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                entry = params["entry"]
                problems.append(f"log {entry['level']} ({entry.get('source')}): {entry.get('text', '')[:300]}")
        metrics = self.send("Runtime.evaluate", {"expression": "JSON.stringify([document.documentElement.scrollWidth, window.innerWidth, document.body ? document.body.innerText.length : 0])",
                                                 "returnByValue": True}, session=session)
        scroll_width, inner_width, text_length = json.loads(metrics["result"]["result"]["value"])
        shot = self.send("Page.captureScreenshot", {"format": "png"}, session=session)["result"]["data"]
        self.send("Target.closeTarget", {"targetId": target})
        return problems, scroll_width, inner_width, text_length, base64.b64decode(shot)

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def png_pixels(data):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG, decoded with zlib alone."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(line)
        previous = line
    return width, height, channels, rows


def ink(png):
    """Share of pixels that are not near-white, and the number of strongly red pixels (alert severities)."""
    width, height, channels, rows = png_pixels(png)
    dark = red = 0
    for line in rows:
        for x in range(0, width * channels, channels):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if r < 235 or g < 235 or b < 235:
                dark += 1
            if r > 150 and g < 90 and b < 90:
                red += 1
    return dark / (width * height), red


def run(watcherd, args):
    out = subprocess.run([watcherd, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"report-browser-test: FAIL: watcherd {' '.join(args)} exited {out.returncode}: {out.stderr}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    watcherd = os.path.abspath(sys.argv[1])
    shots = os.path.join(ROOT, ".build", "report-browser")
    os.makedirs(shots, exist_ok=True)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        fixture = os.path.join(ROOT, "scripts", "report-fixture.py")
        pages = {}
        for name, extra in (("seeds", []), ("many", ["--alerts", "10000"])):
            logs = os.path.join(tmp, name)
            subprocess.run([sys.executable, fixture, watcherd, logs, *extra], check=True, stdout=subprocess.DEVNULL)
            pages[name] = os.path.join(tmp, f"{name}.html")
            run(watcherd, ["report", "--articles", f"{logs}/articles.jsonl", "--alerts", f"{logs}/alerts.jsonl",
                           "--out", pages[name]])
        pages["empty"] = os.path.join(tmp, "empty.html")
        run(watcherd, ["report", "--articles", f"{tmp}/seeds/articles.jsonl", "--alerts", f"{tmp}/seeds/alerts.jsonl",
                       "--since", "2000-01-01", "--until", "2000-01-02", "--out", pages["empty"]])
        # Controls: each must fail.
        pages["control-external"] = os.path.join(tmp, "control-external.html")
        with open(pages["control-external"], "w") as f:
            f.write(open(pages["seeds"], encoding="utf-8").read().replace("</body>", '<img src="https://example.invalid/x.png"></body>'))
        pages["control-blank"] = os.path.join(tmp, "control-blank.html")
        with open(pages["control-blank"], "w") as f:
            f.write("<!DOCTYPE html><html><head><meta charset=utf-8><title>blank</title></head><body></body></html>")

        browser = Browser(os.path.join(tmp, "profile"))
        try:
            for name, path in pages.items():
                started = time.monotonic()
                problems, scroll_width, inner_width, text_length, png = browser.render(path)
                with open(os.path.join(shots, f"{name}.png"), "wb") as f:
                    f.write(png)
                share, red = ink(png)
                issues = list(problems)
                if scroll_width > inner_width:
                    issues.append(f"content is {scroll_width} px wide in a {inner_width} px window")
                if share < 0.01 or text_length < 200:
                    issues.append(f"blank: {share:.1%} of the screenshot is not white, {text_length} characters of text")
                if name in ("seeds", "many") and red < 50:
                    issues.append(f"no alert colours in the screenshot ({red} red pixels)")
                print(f"report-browser-test: {name}: {os.path.getsize(path):,} bytes, {share:.1%} ink, {red} red pixels, "
                      f"width {scroll_width}/{inner_width}, {len(problems)} console problems, {time.monotonic() - started:.1f} s")
                if name.startswith("control-"):
                    if not issues:
                        failures.append(f"{name}: the check did not catch what this control page breaks")
                else:
                    failures.extend(f"{name}: {issue}" for issue in issues)
        finally:
            browser.close()
    if failures:
        for failure in failures:
            print(f"report-browser-test: FAIL: {failure}", file=sys.stderr)
        sys.exit(1)
    print(f"report-browser-test: ok (seeds, 0 alerts and 10,000 alerts render without console errors; screenshots in {shots})")


if __name__ == "__main__":
    main()
