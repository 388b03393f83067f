# SPDX-License-Identifier: MIT
"""Headless Chromium driven by its DevTools protocol, for the report's tests.

Chromium speaks the protocol over a pipe (--remote-debugging-pipe: commands
on its fd 3, answers and events on its fd 4, each a JSON text ended by a
NUL byte), as puppeteer does by default; so nothing but Python's standard
library and Debian's chromium is needed.  One browser serves every check:

    with Browser() as b:
        page = b.open("file:///tmp/report.html")   # loads, waits for the report
        page.eval("document.title")
        page.click("#tree .row")                    # a real mouse click
        page.key("ArrowDown"); page.type("4101")
        page.errors                                 # console errors, exceptions
"""
import json
import os
import select
import shutil
import subprocess
import tempfile
import time


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(Exception):
    pass


class Browser:
    def __init__(self, width=1280, height=800):
        self.path = find_chromium()
        if not self.path:
            raise BrowserError("no chromium")
        self.width, self.height = width, height
        self.profile = tempfile.mkdtemp(prefix="ct-chromium.")
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        # fd 3 and 4 in the child: put in place between fork and exec (before
        # subprocess closes every fd but pass_fds)
        def fds():
            os.dup2(to_r, 3, inheritable=True)
            os.dup2(from_w, 4, inheritable=True)
        self.proc = subprocess.Popen(
            [self.path, "--headless=new", "--remote-debugging-pipe", "--no-sandbox",
             "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking", "--disable-sync",
             "--mute-audio", "--user-data-dir=" + self.profile,
             "--window-size=%d,%d" % (width, height), "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, pass_fds=(3, 4))
        os.close(to_r)
        os.close(from_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.proc.poll() is None:
            try:
                self.send("Browser.close", timeout=10)
            except BrowserError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for fd in (self.to_w, self.from_r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("chromium did not answer in time")
            r, _, _ = select.select([self.from_r], [], [], left)
            if not r:
                continue
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk:
                raise BrowserError("chromium closed its pipe (exit %s)" % self.proc.poll())
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise BrowserError("%s: %s" % (method, m["error"].get("message")))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, session, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method and m.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self._read(deadline))

    def open(self, url, width=None, height=None, timeout=60, ready=True):
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        for domain in ("Page", "Runtime", "Log"):
            self.send(domain + ".enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width or self.width, "height": height or self.height,
                   "deviceScaleFactor": 1, "mobile": False}, session=session)
        page.started = time.monotonic()
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_event("Page.loadEventFired", session, timeout)
        if ready:
            page.wait("document.documentElement.dataset.ready !== undefined", timeout)
        page.loaded = time.monotonic() - page.started
        return page


class Page:
    def __init__(self, browser, session, target):
        self.b, self.session, self.target = browser, session, target

    def send(self, method, params=None, timeout=60):
        return self.b.send(method, params, self.session, timeout)

    @property
    def errors(self):
        """Console errors, uncaught exceptions and logged errors so far."""
        out = []
        for m in self.b.events:
            if m.get("sessionId") != self.session:
                continue
            p = m.get("params", {})
            if m["method"] == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                out.append("exception: %s %s" % (d.get("text"), d.get("exception", {}).get("description", "")))
            elif m["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console.%s: %s" % (p["type"], " ".join(str(a.get("value", a.get("description"))) for a in p.get("args", []))))
            elif m["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append("log: %s" % p["entry"].get("text"))
        return out

    def eval(self, expr, timeout=60):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                           "awaitPromise": True}, timeout)
        if "exceptionDetails" in r:
            raise BrowserError("%s: %s" % (expr, r["exceptionDetails"].get("exception", {}).get("description", r["exceptionDetails"].get("text"))))
        return r["result"].get("value")

    def wait(self, expr, timeout=30):
        deadline = time.monotonic() + timeout
        while not self.eval(expr):
            if time.monotonic() > deadline:
                raise BrowserError("timed out waiting for " + expr)
            time.sleep(0.02)

    def center(self, selector):
        r = self.eval("(() => { const e = document.querySelector(%s); if (!e) return null;"
                      " e.scrollIntoView({block: 'nearest'}); const r = e.getBoundingClientRect();"
                      " return [r.left + Math.min(r.width / 2, 40), r.top + r.height / 2]; })()"
                      % json.dumps(selector))
        if r is None:
            raise BrowserError("no element " + selector)
        return r

    def click(self, selector):
        x, y = self.center(selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "clickCount": 1})
        self.eval("new Promise(r => requestAnimationFrame(() => r(1)))")

    def key(self, key, code=None, text=None):
        vk = {"Enter": 13, "ArrowDown": 40, "ArrowUp": 38, "ArrowRight": 39, "ArrowLeft": 37,
              "Escape": 27, "/": 191}.get(key, 0)
        down = {"type": "keyDown", "key": key, "code": code or key, "windowsVirtualKeyCode": vk}
        if text is not None or key in ("Enter", "/"):
            down["text"] = text if text is not None else ("\r" if key == "Enter" else key)
        self.send("Input.dispatchKeyEvent", down)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code or key,
                                             "windowsVirtualKeyCode": vk})
        self.eval("new Promise(r => requestAnimationFrame(() => r(1)))")

    def type(self, text):
        self.send("Input.insertText", {"text": text})

    def screenshot(self, path):
        import base64
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        self.b.send("Target.closeTarget", {"targetId": self.target})
