#!/usr/bin/env python3
"""Fault injection against the real watcherd binary: `make chaos` (full) and `make chaos-quick` (part of make test).

Each scenario runs the daemon in a scratch folder, injects one kind of fault, and checks the invariants a monitor
lives by: every dropped file ends with exactly one parsable record (found by its bytes' sha256, over the article
log and any rotated copies), no torn or glued lines, no alert written twice, and the daemon alive (or stopped
cleanly when asked). It prints PASS or FAIL per scenario with the figures behind the verdict, and exits 1 when any
scenario fails.

    scripts/chaos.py BINARY [--quick] [--only NAME[,NAME...]] [--keep]
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

SENTENCES = [
    "قال مسؤول عراقي في بغداد إن المحادثات مع واشنطن مستمرة بشأن مستقبل التحالف الدولي.",
    "وأكدت كتائب حزب الله أنها ستواصل استهداف القوات الأميركية إذا لم تنسحب من العراق.",
    "وذكرت مصادر أمنية أن هجوما بطائرة مسيرة استهدف قاعدة عين الأسد غربي البلاد.",
    "وأعلنت الحكومة العراقية تشكيل لجنة لمتابعة ملف انسحاب قوات التحالف.",
    "وقال المتحدث باسم الخارجية إن بغداد ترفض أن تكون ساحة لتصفية الحسابات.",
]


def article(n, size=2000, rng=None):
    rng = rng or random.Random(n)
    text = f"خبر رقم {n}\n\n"
    while len(text.encode()) < size:
        text += rng.choice(SENTENCES) + f" ({n})\n"
    return text.encode()


class Daemon:
    """One watcherd instance over a scratch root; restartable."""

    def __init__(self, binary, root, extra=None, config=None):
        self.binary, self.root = binary, root
        self.drop = os.path.join(root, "drop")
        self.out = os.path.join(root, "out")
        self.articles = os.path.join(self.out, "articles.jsonl")
        self.alerts = os.path.join(self.out, "alerts.jsonl")
        self.state = os.path.join(self.out, "state")
        self.log = os.path.join(root, "daemon.log")
        self.staging = os.path.join(root, "staging")
        for d in (self.drop, self.out, self.staging):
            os.makedirs(d, exist_ok=True)
        self.extra = list(extra or [])
        self.config_path = os.path.join(root, "watcherd.yaml")
        self.write_config(config or "")
        self.proc = None
        self.starts = 0

    def write_config(self, text):
        tmp = self.config_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.rename(tmp, self.config_path)

    def args(self):
        return [self.binary, "run", "--config", self.config_path, "--drop", self.drop, "--articles", self.articles,
                "--alerts", self.alerts, "--state", self.state, "--processed", os.path.join(self.out, "processed"),
                "--failed", os.path.join(self.out, "failed")] + self.extra

    def start(self, wait=True):
        env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "JOURNAL_STREAM")}
        marker = self.log_text().count("watching drop folder")
        self.proc = subprocess.Popen(self.args(), stdout=open(self.log, "ab"), stderr=subprocess.STDOUT, env=env,
                                     cwd=self.root)
        self.starts += 1
        if wait:
            deadline = time.time() + 30
            while self.log_text().count("watching drop folder") <= marker:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"watcherd exited at start with {self.proc.returncode}:\n{self.log_text()[-2000:]}")
                if time.time() > deadline:
                    raise RuntimeError("watcherd did not start within 30 s")
                time.sleep(0.02)

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)
        return self.proc.returncode if self.proc else None

    def stop(self, timeout=10):
        """SIGTERM; returns (exit status, seconds it took)."""
        t = time.time()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = "timeout"
        return code, time.time() - t

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log_text(self):
        try:
            with open(self.log, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def drop_file(self, name, data):
        tmp = os.path.join(self.staging, f".{name}.{os.getpid()}")
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, os.path.join(self.drop, name))

    def drop_expected(self, name, data, sent):
        """Drops a file whose record the scenario expects, remembering it in `sent` by its content id."""
        self.drop_file(name, data)
        sent[content_id(data)] = name

    def log_files(self, base):
        """The log and its rotated copies (base.1, base.2, ...), oldest last."""
        files = [base] if os.path.exists(base) else []
        n = 1
        while os.path.exists(f"{base}.{n}"):
            files.append(f"{base}.{n}")
            n += 1
        return files

    def lines(self, base):
        """(parsed records, unparsable lines, files not ending in a newline)."""
        records, bad, torn = [], [], []
        for path in self.log_files(base):
            with open(path, "rb") as f:
                data = f.read()
            if data and not data.endswith(b"\n"):
                torn.append(path)
            for line in data.split(b"\n"):
                if not line:
                    continue
                try:
                    records.append(json.loads(line))
                except ValueError:
                    bad.append(line[:120])
        return records, bad, torn

    def reload(self):
        return subprocess.run([self.binary, "reload", "--config", self.config_path, "--state", self.state,
                               "--timeout", "20"], capture_output=True, text=True)

    def wait_quiet(self, expected_ids, timeout=120):
        """Waits until every expected content id has a record (or the time is up)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            records, _, _ = self.lines(self.articles)
            ids = {r.get("id") for r in records}
            if expected_ids <= ids:
                return True
            if not self.alive():
                return False
            time.sleep(0.2)
        return False


class Verdict:
    def __init__(self, name):
        self.name, self.problems, self.facts = name, [], []

    def check(self, ok, problem):
        if not ok:
            self.problems.append(problem)

    def fact(self, text):
        self.facts.append(text)


def exactly_once(v, d, sent):
    """sent: {content id: name}. Every sent file exactly one ok record; no bad lines; no alert twice."""
    records, bad, torn = d.lines(d.articles)
    counts = {}
    for r in records:
        counts[r.get("id")] = counts.get(r.get("id"), 0) + 1
    missing = [sent[i] for i in sent if counts.get(i, 0) == 0]
    doubled = [sent[i] for i in sent if counts.get(i, 0) > 1]
    v.check(not missing, f"{len(missing)} files without a record, e.g. {missing[:3]}")
    v.check(not doubled, f"{len(doubled)} files recorded twice or more, e.g. {doubled[:3]}")
    v.check(not bad, f"{len(bad)} unparsable lines in the article log, e.g. {bad[:1]}")
    v.check(not torn, f"logs ending in a partial line: {torn}")
    alerts, abad, atorn = d.lines(d.alerts)
    ids = [a.get("id") for a in alerts]
    v.check(len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} alerts written twice")
    v.check(not abad and not atorn, f"alert log: {len(abad)} unparsable lines, torn: {atorn}")
    v.fact(f"{len(sent)} files, {len(records)} records, {len(alerts)} alerts")


def content_id(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


# --- scenarios ----------------------------------------------------------------------------------------------------

def kill_storm(binary, root, quick):
    v = Verdict("kill storm")
    files, kills = (600, 6) if quick else (10_000, 20)
    d = Daemon(binary, root)
    d.start()
    sent = {}
    per_round = files // kills
    n = 0
    for k in range(kills):
        for _ in range(per_round):
            data = article(n)
            d.drop_expected(f"k{n}.txt", data, sent)
            n += 1
        time.sleep(random.Random(k).uniform(0.05, 0.4))
        d.kill(signal.SIGKILL)
        d.start()
    v.check(d.wait_quiet(set(sent)), "not every file was recorded within the time allowed")
    code, took = d.stop()
    v.check(code == 0, f"final stop exited {code}")
    exactly_once(v, d, sent)
    v.check(not os.listdir(d.drop), f"{len(os.listdir(d.drop))} files left in the drop folder")
    v.fact(f"{kills} kill -9")
    return v


def rotation(binary, root, quick):
    v = Verdict("rotation under load")
    files, rotations = (400, 4) if quick else (4_000, 12)
    d = Daemon(binary, root)
    d.start()
    sent = {}
    per = files // rotations
    n = 0
    for r in range(rotations):
        for _ in range(per):
            data = article(10_000 + n)
            d.drop_expected(f"r{n}.txt", data, sent)
            n += 1
        time.sleep(0.2)
        for base in (d.articles, d.alerts):
            existing = d.log_files(base)
            for path in reversed(existing):
                if path == base:
                    os.rename(base, base + ".1")
                else:
                    num = int(path.rsplit(".", 1)[1])
                    os.rename(path, f"{base}.{num + 1}")
        if r % 2 == 0:
            res = d.reload()
            v.check(res.returncode == 0, f"reload after rotation failed: {res.stderr.strip()}")
        # odd rounds: no reload at all (a missed or failed postrotate); the daemon must follow the path itself
    v.check(d.wait_quiet(set(sent)), "not every file was recorded")
    code, _ = d.stop()
    v.check(code == 0, f"stop exited {code}")
    exactly_once(v, d, sent)
    v.fact(f"{rotations} rotations, half without a reload; {len(d.log_files(d.articles))} article log files")
    return v


def hup_storm(binary, root, quick):
    v = Verdict("SIGHUP storm with bad configs")
    hups, files = (40, 200) if quick else (200, 2_000)
    d = Daemon(binary, root, config="disposition: move\n")
    d.start()
    sent = {}
    good = bad = 0
    for i in range(hups):
        if i % 3 == 0:
            d.write_config("disposition: shred\n")
            bad += 1
        elif i % 3 == 1:
            d.write_config("\x00\x01 not yaml")
            bad += 1
        else:
            d.write_config("disposition: move\n")
            good += 1
        d.proc.send_signal(signal.SIGHUP)
        for _ in range(files // hups):
            n = 20_000 + len(sent)
            data = article(n)
            d.drop_expected(f"h{n}.txt", data, sent)
        time.sleep(0.02)
    d.write_config("disposition: move\n")
    res = d.reload()
    v.check(res.returncode == 0, f"a good config was not applied at the end: {res.stderr.strip()}")
    v.check(d.alive(), "the daemon died in the storm")
    v.check(d.wait_quiet(set(sent)), "not every file was recorded")
    code, _ = d.stop()
    v.check(code == 0, f"stop exited {code}")
    exactly_once(v, d, sent)
    refused = d.log_text().count("configuration not reloaded")
    v.check(refused > 0, "no refusal was logged")
    v.fact(f"{hups} SIGHUPs ({bad} with a bad config), {refused} refusals logged")
    return v


def wait_for_handler(pid, signum, timeout=5.0):
    """Polls /proc/PID/status until the process catches `signum` (its SigCgt bit); the time it took, or None."""
    t = time.time()
    while time.time() - t < timeout:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("SigCgt:") and int(line.split()[1], 16) & (1 << (signum - 1)):
                        return time.time() - t
        except (FileNotFoundError, ProcessLookupError):
            return None
        time.sleep(0.0002)
    return None


def hup_after_ready(binary, root, quick):
    v = Verdict("SIGHUP right after start")
    trials = 8 if quick else 30
    killed = 0
    for t in range(trials):
        sub = os.path.join(root, f"t{t}")
        d = Daemon(binary, sub)
        d.start(wait=False)
        # From the first instruction of the program (the constructor that catches the signal, before main: only the
        # dynamic loader runs before it) to just past READY.
        handler_at = wait_for_handler(d.proc.pid, signal.SIGHUP)
        if handler_at is None:
            v.check(False, f"trial {t}: SIGHUP was never caught (SigCgt) within 5 s")
            d.kill()
            continue
        time.sleep((t % 8) * 0.012)
        d.proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        if not d.alive():
            killed += 1
            continue
        code, _ = d.stop()
        v.check(code == 0, f"trial {t}: stop exited {code}")
    v.check(killed == 0, f"SIGHUP killed the daemon in {killed} of {trials} trials")
    v.fact(f"{trials} trials")
    return v


def full_disk(binary, root, quick):
    v = Verdict("full disk")
    logs = os.path.join(root, "logs")
    os.makedirs(logs)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", logs], capture_output=True, text=True)
    if mount.returncode != 0:
        v.skipped = f"cannot mount a tmpfs here ({mount.stderr.strip() or mount.returncode}); run as root"
        return v
    try:
        files = 150 if quick else 600
        d = Daemon(binary, root, config="reconcile_interval_s: 1\n")
        d.articles = os.path.join(logs, "articles.jsonl")
        d.alerts = os.path.join(logs, "alerts.jsonl")
        d.start()
        sent = {}
        for n in range(files):
            data = article(30_000 + n, size=3000)
            d.drop_expected(f"d{n}.txt", data, sent)
        deadline = time.time() + 60
        while "disk holding the output logs is full" not in d.log_text() and time.time() < deadline:
            time.sleep(0.1)
        v.check("disk holding the output logs is full" in d.log_text(), "the disk never filled (test too small?)")
        time.sleep(4)
        lines = d.log_text().count("output disk is still full") + d.log_text().count("disk holding the output logs is full")
        v.check(lines <= 7, f"{lines} disk-full log lines in ~4 s: should be one per reconcile")
        # Space comes back: the file system grows (as when an operator frees space or extends the volume).
        grow = subprocess.run(["mount", "-o", "remount,size=64m", logs], capture_output=True, text=True)
        v.check(grow.returncode == 0, f"could not grow the tmpfs: {grow.stderr.strip()}")
        v.check(d.wait_quiet(set(sent), timeout=90), "not every file was recorded once space returned")
        code, _ = d.stop()
        v.check(code == 0, f"stop exited {code}")
        exactly_once(v, d, sent)
        v.fact(f"{lines} disk-full lines while full")
    finally:
        subprocess.run(["umount", "-l", logs])
    return v


def hostile_inputs(binary, root, quick):
    v = Verdict("future mtimes and hostile inputs")
    d = Daemon(binary, root)
    sent = {}
    ahead = time.time() + 3 * 3600
    for n in range(17 if quick else 40):
        data = article(40_000 + n)
        path = os.path.join(d.drop, f"future{n}.txt")
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (ahead, ahead))
        sent[content_id(data)] = f"future{n}.txt"
    os.mkfifo(os.path.join(d.drop, "a-fifo"))
    os.symlink("/etc/passwd", os.path.join(d.drop, "a-link.txt"))
    open(os.path.join(d.drop, "empty.txt"), "wb").close()
    with open(os.path.join(d.drop, "binary.txt"), "wb") as f:
        f.write(bytes(range(256)) * 8)
    with open(os.path.join(d.drop.encode(), b"bad-name-\xff\xfe.txt"), "wb") as f:
        f.write(article(49_999))
    os.makedirs(os.path.join(d.drop, "deep/er/still"))
    with open(os.path.join(d.drop, "deep/er/still/nested.txt"), "wb") as f:
        f.write(article(49_998))
    t = time.time()
    d.start()
    v.check(d.wait_quiet(set(sent), timeout=30), "future-dated files were not read within 30 s")
    took = time.time() - t
    v.check(took < 15, f"future-dated files took {took:.1f} s (waiting out the skew?)")
    time.sleep(2.5)
    v.check(d.alive(), "the daemon died on hostile input")
    records, bad, torn = d.lines(d.articles)
    names = {(r.get("file") or {}).get("name") for r in records}
    paths = {(r.get("file") or {}).get("path", "") for r in records}
    v.check(any(p.endswith("deep/er/still/nested.txt") for p in paths), "no record for deep/er/still/nested.txt")
    for name in ("a-fifo", "a-link.txt", "empty.txt", "binary.txt"):
        v.check(name in names, f"no record for {name}")
    v.check(any((n or "").startswith("bad-name-") for n in names), "no record for the undecodable name")
    warned = d.log_text().count("modification time is in the future")
    v.check(warned == len(sent), f"future mtimes logged {warned} times for {len(sent)} files (want once each)")
    code, took_stop = d.stop()
    v.check(code == 0 and took_stop < 5, f"stop exited {code} after {took_stop:.1f} s")
    v.check(not bad and not torn, "unparsable or torn lines")
    v.fact(f"{len(sent)} files 3 h in the future read in {took:.1f} s; stop took {took_stop:.1f} s")
    return v


def burst(binary, root, quick):
    v = Verdict("burst")
    files = 2_000 if quick else 20_000
    d = Daemon(binary, root)
    d.start()
    sent = {}
    for n in range(files):
        data = article(50_000 + n, size=1200)
        d.drop_expected(f"b{n}.txt", data, sent)
    t = time.time()
    v.check(d.wait_quiet(set(sent), timeout=600), "not every file was recorded")
    took = time.time() - t
    code, _ = d.stop()
    v.check(code == 0, f"stop exited {code}")
    exactly_once(v, d, sent)
    v.fact(f"{files} files drained {took:.1f} s after the last drop")
    return v


def crash_recovery(binary, root, quick):
    """Power cut between the record and its key, then a rotation: the key must have been written back."""
    v = Verdict("crash-recovery state")
    d = Daemon(binary, root)
    d.start()
    sent = {}
    for n in range(10):
        data = article(60_000 + n)
        d.drop_expected(f"c{n}.txt", data, sent)
    v.check(d.wait_quiet(set(sent)), "first records missing")
    d.stop()
    # A snapshot of the ledger index as it was after the first 10 ...
    snapshot = {}
    for name in os.listdir(d.state):
        if name.startswith("ledger.sqlite"):
            with open(os.path.join(d.state, name), "rb") as f:
                snapshot[name] = f.read()
    d.start()
    for n in range(10, 50):
        data = article(60_000 + n)
        d.drop_expected(f"c{n}.txt", data, sent)
    v.check(d.wait_quiet(set(sent)), "later records missing")
    d.kill(signal.SIGKILL)
    # ... is all a power cut left of it: the commits after it never reached the disk (the records did).
    for name in os.listdir(d.state):
        if name.startswith("ledger.sqlite"):
            os.remove(os.path.join(d.state, name))
    for name, data in snapshot.items():
        with open(os.path.join(d.state, name), "wb") as f:
            f.write(data)
    # ... the daemon restarts (and must recover the keys from the article log and keep them) ...
    d.start()
    time.sleep(1.5)
    d.stop()
    # ... and logrotate then moves the article log away and it is compressed out of reach.
    os.rename(d.articles, d.articles + ".old")
    d.start()
    again = {}
    for n in range(50):
        data = article(60_000 + n)
        d.drop_file(f"again{n}.txt", data)
        again[content_id(data)] = f"again{n}.txt"
    time.sleep(4)
    code, _ = d.stop()
    v.check(code == 0, f"stop exited {code}")
    records, bad, _ = d.lines(d.articles)
    v.check(not records, f"{len(records)} of 50 files recorded again after a power cut and a rotation")
    skipped = d.log_text().count("already recorded; not recording again")
    v.fact(f"{skipped} of 50 re-dropped files recognised as recorded")
    return v


SCENARIOS = [
    ("kill-storm", kill_storm), ("rotation", rotation), ("hup-storm", hup_storm), ("hup-after-start", hup_after_ready),
    ("full-disk", full_disk), ("hostile", hostile_inputs), ("burst", burst), ("crash-recovery", crash_recovery),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--quick", action="store_true", help="the reduced run that make test uses")
    parser.add_argument("--only", help="comma-separated scenario names")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folders")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    chosen = [s for s in SCENARIOS if not args.only or s[0] in args.only.split(",")]
    base = tempfile.mkdtemp(prefix="watcherd-chaos-")
    failed = 0
    print(f"{'scenario':<34} {'verdict':<8} {'time':>7}  details")
    for name, scenario in chosen:
        root = os.path.join(base, name)
        os.makedirs(root)
        t = time.time()
        try:
            v = scenario(binary, root, args.quick)
        except Exception as error:  # a harness failure is a FAIL, with its reason
            v = Verdict(name)
            v.problems.append(f"harness error: {error}")
        took = time.time() - t
        skipped = getattr(v, "skipped", None)
        verdict = "SKIP" if skipped else ("PASS" if not v.problems else "FAIL")
        failed += verdict == "FAIL"
        details = skipped or "; ".join(v.problems or v.facts)
        print(f"{v.name:<34} {verdict:<8} {took:6.1f}s  {details}", flush=True)
        if verdict == "FAIL":
            log = os.path.join(root, "daemon.log")
            if os.path.exists(log):
                tail = open(log, "rb").read()[-1500:].decode("utf-8", "replace")
                print("    daemon log tail:\n    " + tail.replace("\n", "\n    "))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    print(f"chaos: {len(chosen) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
