"""A caller-ID source that cannot start because of a setting (an unknown source, no device,
a port that is not a number, an incomplete SIP account) tells the clerk why in Japanese, from
its message code: never the English text of a ValueError, never a file's name."""

from __future__ import annotations

import dataclasses
import re

import pytest

from desk_app.config import CallerIdSettings, DeskConfig, SipSettings
from desk_app.ui.core.sources import build_source


def failure(config: DeskConfig, spec: str | None = None) -> BaseException:
    with pytest.raises(ValueError) as caught:
        build_source(spec, config)
    return caught.value


# product and protocol names stay as they are in Japanese
NAMES = {"SIP", "NCID", "Whozz", "Calling", "TCI", "NetCallerID", "YAC"}


def no_english(text: str) -> bool:
    return set(re.findall(r"[A-Za-z]{2,}", text)) <= NAMES


@pytest.mark.parametrize(("config", "wanted"), [
    (DeskConfig(callerid=CallerIdSettings(source="bogus")), "発信者番号の機器「bogus」は使えません"),
    (DeskConfig(callerid=CallerIdSettings(source="modem")), "モデム: 接続するポート（機器）が設定されていません"),
    (DeskConfig(callerid=CallerIdSettings(source="ncid", port="abc")),
     "NCID: ポート番号「abc」は数字ではありません"),
    (DeskConfig(callerid=CallerIdSettings(source="sip"), sip=SipSettings(extension="201")),
     "SIP: アドレス「」が正しくありません"),
])
def test_the_start_failure_the_desk_shows_is_japanese(ja_app, config, wanted):
    from desk_app.ui.app import start_failure_text

    text = start_failure_text(failure(config))
    assert text.startswith("発信者番号の受信を開始できません: ") and wanted in text, text
    assert no_english(text.replace("bogus", "").replace("abc", "")), text


def test_a_sip_account_without_a_saved_password_says_so_without_the_file(ja_app, tmp_path,
                                                                         monkeypatch):
    from desk_app.callerid.sip import credentials
    from desk_app.ui.app import start_failure_text

    monkeypatch.setattr(credentials, "default_path", lambda: tmp_path / "sip-password")
    config = DeskConfig(callerid=CallerIdSettings(source="sip"),
                        sip=SipSettings(registrar="192.168.1.1", extension="201"))
    text = start_failure_text(failure(config))
    assert "内線のパスワードが保存されていません" in text
    assert str(tmp_path) not in text and "sip-password" not in text


def test_settings_saved_with_a_bad_source_show_japanese_in_the_status_bar(qtbot, desk):
    services, window = desk
    services.config = dataclasses.replace(services.config,
                                          callerid=CallerIdSettings(source="modem", port=""))
    window.apply_source_settings()
    message = window.statusBar().currentMessage()
    assert message.startswith("発信者番号の受信を開始できません: モデム: ")
    assert "serial port" not in message and no_english(message), message
