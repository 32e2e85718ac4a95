"""Real protocol peers for the integration tests: kamailio as the router, sipp as the caller
or as a registrar. Configs come from ../shared/peers; everything binds to 127.0.0.1."""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from sip_helpers import free_port
from support import SHARED, require_tool

PEERS = SHARED / "peers"


def _module_dir(configured: str) -> str:
    if Path(configured).is_dir():
        return configured
    for pattern in ("/usr/lib/*/kamailio/modules/", "/usr/lib64/kamailio/modules/",
                    "/usr/lib/kamailio/modules/", "/usr/local/lib*/kamailio/modules/"):
        found = glob.glob(pattern)
        if found:
            return found[0]
    return configured


@contextmanager
def kamailio(tmp_path: Path, *, modparams: tuple[str, ...] = (), tcp: bool = False,
             stale_aware: bool = False):
    """Run the shared kamailio.cfg on a free port; yields the port. Stopped by its pid.

    The shared cfg challenges with ``auth_challenge(realm, "0")``: no qop and never
    ``stale=true``. *stale_aware* edits the copy the way a careful router behaves: qop=auth
    (flag 1) and, when the nonce has expired (return code -4), stale=true (flag 16).
    """
    binary = require_tool("kamailio")
    port = free_port()
    cfg = (PEERS / "kamailio" / "kamailio.cfg").read_text()
    cfg = cfg.replace("listen=udp:127.0.0.1:5070", f"listen=udp:127.0.0.1:{port}"
                      + (f"\nlisten=tcp:127.0.0.1:{port}" if tcp else ""))
    # One worker: with two, the worker relaying our 487 can overtake the one still sending
    # its own 200 for the CANCEL, and the shared sipp scenario insists on 200 before 487.
    cfg = cfg.replace("children=2", "children=1")
    configured = cfg.split('mpath="', 1)[1].split('"', 1)[0]
    cfg = cfg.replace(f'mpath="{configured}"', f'mpath="{_module_dir(configured)}"')
    if stale_aware:
        original = ('if (!pv_auth_check("hgw.test", "secret", "0", "0")) {   # fixed password, no DB\n'
                    '            auth_challenge("hgw.test", "0");')
        assert original in cfg, "shared kamailio.cfg changed; update the test helper"
        cfg = cfg.replace(original, (
            '$var(rc) = pv_auth_check("hgw.test", "secret", "0", "0");\n'
            '        if ($var(rc) < 0) {\n'
            '            if ($var(rc) == -4) { auth_challenge("hgw.test", "17"); }\n'
            '            else { auth_challenge("hgw.test", "1"); }'))
    if modparams:
        cfg = cfg.replace("\nrequest_route {", "\n" + "\n".join(modparams) + "\n\nrequest_route {")
    workdir = tmp_path / f"kamailio-{port}"
    workdir.mkdir()
    (workdir / "kamailio.cfg").write_text(cfg)
    pidfile = workdir / "kamailio.pid"
    log = open(workdir / "kamailio.log", "wb")
    subprocess.run([binary, "-f", str(workdir / "kamailio.cfg"), "-P", str(pidfile),
                    "-m", "32", "-M", "8", "-Y", str(workdir), "-w", str(workdir)],
                   stdout=log, stderr=log, timeout=30, check=True)
    deadline = time.monotonic() + 10
    while not (pidfile.exists() and pidfile.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = int(pidfile.read_text())
    try:
        time.sleep(0.3)  # children bind their sockets
        yield port
    finally:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        log.close()


def _alive(pid: int) -> bool:
    """True while *pid* runs (a zombie nobody reaps counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def sipp_call(target_port: int, *, caller: str = "0312345678", name: str = "Yamada",
              pai: str | None = None, privacy: str = "Privacy: none",
              timeout: float = 20.0) -> subprocess.CompletedProcess:
    """Play ../shared/peers/sipp/uac_invite_cancel.xml once: INVITE, expect 180, CANCEL,
    expect 200 and 487, ACK. Exit status 0 means every expected response arrived."""
    sipp = require_tool("sipp")
    return subprocess.run(
        [sipp, f"127.0.0.1:{target_port}", "-sf", str(PEERS / "sipp" / "uac_invite_cancel.xml"),
         "-i", "127.0.0.1", "-p", str(free_port()), "-m", "1", "-nostdin",
         "-timeout", f"{int(timeout)}s", "-timeout_error",
         "-key", "caller", caller, "-key", "callername", name,
         "-key", "pai", pai or f"<sip:{caller}@192.168.1.1>", "-key", "privacy_hdr", privacy],
        capture_output=True, text=True, timeout=timeout + 10)


@contextmanager
def sipp_registrar(user: str = "3", password: str = "secret"):
    """sipp playing ../shared/peers/sipp/uas_registrar_401.xml on a free port."""
    sipp = require_tool("sipp")
    port = free_port()
    proc = subprocess.Popen(
        [sipp, "-sf", str(PEERS / "sipp" / "uas_registrar_401.xml"), "-i", "127.0.0.1",
         "-p", str(port), "-m", "1", "-nostdin", "-timeout", "30s",
         "-key", "user", user, "-key", "pass", password],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(0.5)
        yield port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
