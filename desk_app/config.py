"""The desk's settings: typed, Qt-free, one file, read by the desk and the CLI alike.

``config.toml`` in the user data folder (``DESK_DATA_DIR`` in tests), one TOML table per
section::

    [callerid]
    source = "modem"
    port = "usb:0572:1340"

    [shop]
    name = "山田通販"
    ...

TOML because the installer may open it in a text editor (comments survive being read, the
syntax is forgiving of Japanese text, and sections map one-to-one onto the dataclasses
below); Python reads it with the standard ``tomllib`` and writes it with ``tomli-w``.
Secrets never go here: the SIP password stays in its own 0600 file (``sip.credentials``).

- :func:`load` reads the file (defaults for anything missing); on the very first load, when
  there is no ``config.toml`` yet, it takes over the desk's old QSettings file
  (``settings.ini``) and ``shop.json`` and writes the result, so nothing set before is lost.
- :func:`save` writes atomically (a temporary file renamed over the old one).
- Unknown keys and sections are kept as they were and written back, so a newer desk's
  settings survive an older desk saving.

Adding a section (stage thresholds, letter windows, label sheets …) takes a dataclass with a
``SECTION`` name and defaults for every field; nothing here changes::

    @dataclass
    class LetterWindows:
        SECTION: ClassVar[str] = "letters"
        thank_you_days: int = 3

    windows = config.section(LetterWindows)            # typed; defaults when absent
    config = config.with_section(replace(windows, thank_you_days=5)); save(config)

Fields may be str, int, float, bool, ``X | None`` (absent in the file), lists of those, or
nested dataclasses (a TOML sub-table) and lists of them. A value of the wrong type is a
:class:`ConfigError` naming the file, the section and the key.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import tempfile
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import tomli_w

from desk_app.domain import messages

log = logging.getLogger(__name__)

FILE_NAME = "config.toml"
T = TypeVar("T")


messages.register({
    "config.unreadable": ("設定ファイル「{file}」を読めません（{detail}）。",
                          "The settings file “{file}” cannot be read ({detail})."),
    "config.in_file": ("設定ファイル「{file}」: {problem}", "Settings file “{file}”: {problem}"),
    "config.not_table": ("[{where}] は表（セクション）でなければなりません。",
                         "[{where}] must be a table (a section)."),
    "config.not_array": ("{where} は配列でなければなりません（{value}）。",
                         "{where} must be an array ({value})."),
    "config.wrong_type": ("{where} は{kind}でなければなりません（{value}）。",
                          "{where} must be {kind} ({value})."),
    "config.kind.bool": ("true / false", "true or false"),
    "config.kind.int": ("整数", "a whole number"),
    "config.kind.float": ("数値", "a number"),
    "config.kind.str": ("文字列", "text"),
    "config.one_of": ("{where} は {choices} のどれかです（{value}）。",
                      "{where} is one of {choices} ({value})."),
    "config.not_negative": ("{where} は 0 以上です（{value}）。",
                            "{where} must be 0 or more ({value})."),
    "config.four_ascending": ("{where} は小さい順の 4 つの数です（{value}）。",
                              "{where} takes 4 numbers in ascending order ({value})."),
    "config.shop_not_object": ("JSON のオブジェクトではありません", "not a JSON object"),
    "config.settings_unreadable": ("設定を読めません（{detail}）。",
                                   "The settings cannot be read ({detail})."),
})


class ConfigError(ValueError):
    """The settings file cannot be read, or a value in it has the wrong type.

    Carries a message code (``problem``) like every refusal: ``str()`` is the Japanese text
    (the CLI prints it), ``text("en")`` the English; the desk shows ``text(its language)``.
    File names are parameters, so a screen can leave them out (staff never see paths)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.problem = messages.Problem(code, params)
        super().__init__(self.problem.text("ja"))

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def problems(self) -> tuple[messages.Problem, ...]:
        """As every refusal has them (``domain_text.error_text`` words them)."""
        return (self.problem,)

    def text(self, lang: str = "ja") -> str:
        return self.problem.text(lang)

    def without_file(self) -> ConfigError:
        """The same error without the file's name (what staff see: never a path)."""
        params = dict(self.problem.params)
        if self.code == "config.in_file":
            inner = params["problem"]
            return ConfigError(inner.code, **inner.params)
        if self.code == "config.unreadable":
            return ConfigError("config.settings_unreadable", detail=params.get("detail", ""))
        return self


# -- the sections ---------------------------------------------------------------------


@dataclass(frozen=True)
class CallerIdSettings:
    """Where calls come from (the settings dialog's 「着信の受け方」)."""

    SECTION: ClassVar[str] = "callerid"
    source: str = ""  # "": none; "demo", "sip", or a device format: modem, aloha, ncid, …
    port: str = ""  # serial device, or usb:VID:PID[:serial] (modem, aloha, tci, netcallerid)
    host: str = ""  # host[:port] of a network source (ncid) or the address to listen on
    profile: str = ""  # the modem's AT profile; "" is the generic one


@dataclass(frozen=True)
class SipSettings:
    """The extension the desk registers as (the password is in the credentials file)."""

    SECTION: ClassVar[str] = "sip"
    registrar: str = ""  # host[:port] of the router or PBX (5060 when no port)
    extension: str = ""
    user: str = ""  # authentication user, when it is not the extension
    local: str = ""  # host[:port] to listen on; "": the address that routes to the registrar


@dataclass(frozen=True)
class StoreSettings:
    SECTION: ClassVar[str] = "store"
    # "": SQLite in the user data folder. A PostgreSQL URL lets several desks share one
    # database. ``--db`` and ``DESK_DB_URL`` still win over this.
    url: str = ""


@dataclass(frozen=True)
class ShopSettings:
    """店舗情報: the shop as printed on labels, letters and invoices."""

    SECTION: ClassVar[str] = "shop"
    name: str = ""
    postal_code: str = ""
    address: str = ""
    building: str = ""
    phone: str = ""
    invoice_number: str = ""  # 適格請求書発行事業者の登録番号 (T + 13 digits)
    sender: str = ""  # 差出人 line under the name on letters (e.g. お客様係 山田)

    @property
    def is_set(self) -> bool:
        return bool(self.name and self.address)


@dataclass(frozen=True)
class YamatoSettings:
    """The shop's ヤマト B2 contract (B2 クラウド CSV)."""

    SECTION: ClassVar[str] = "yamato"
    billing_customer_code: str = ""  # 請求先顧客コード: 10 digits + 2-digit branch
    freight_number: str = "01"  # 運賃管理番号
    billing_class_code: str = ""  # 請求先分類コード
    gift_sender: str = "orderer"  # ご依頼主 of a gift: "orderer", or "shop"
    last_folder: str = ""  # where the desk saved the last export


@dataclass(frozen=True)
class DeskSettings:
    """This desk's own choices."""

    SECTION: ClassVar[str] = "desk"
    language: str = "ja"  # "ja" or "en"
    operator_id: int | None = None  # the clerk chosen last (preselected at start)


STAGE_VARIANTS = ("cpm10", "rank4")
RFM_METHODS = ("fixed", "quintiles")


@dataclass(frozen=True)
class StageCpmSettings:
    """[stages.cpm]: the customer-stage thresholds (days, yen); ``variant`` "cpm10" is the
    ten-segment 顧客ポートフォリオ, "rank4" the four ranks 新規/常連/優良/離脱."""

    variant: str = "cpm10"
    lapse_days: int = 240  # 離脱 when the last order is this many days back or more
    young_tenure_days: int = 90  # よちよち below this tenure
    loyal_amount: int = 70_000  # コツコツ below this total (rank4: 優良 from it)
    trend_tenure_days: int = 210  # 流行 below this tenure

    def __post_init__(self) -> None:
        if self.variant not in STAGE_VARIANTS:
            raise ConfigError("config.one_of", where="stages.cpm.variant",
                              choices=" / ".join(STAGE_VARIANTS), value=repr(self.variant))
        for name in ("lapse_days", "young_tenure_days", "loyal_amount", "trend_tenure_days"):
            if getattr(self, name) < 0:
                raise ConfigError("config.not_negative", where=f"stages.cpm.{name}",
                                  value=getattr(self, name))


@dataclass(frozen=True)
class StageRfmSettings:
    """[stages.rfm]: RFM score bounds, four ascending inclusive upper bounds each (score 1
    up to the first, … 5 above the last; R reversed: fewer days score higher), or
    ``method = "quintiles"`` for fifths of the customer base as of the date."""

    method: str = "fixed"
    recency_days: list[int] = field(default_factory=lambda: [30, 60, 90, 180])
    frequency: list[int] = field(default_factory=lambda: [1, 2, 4, 11])
    monetary: list[int] = field(default_factory=lambda: [5_000, 10_000, 20_000, 50_000])

    def __post_init__(self) -> None:
        if self.method not in RFM_METHODS:
            raise ConfigError("config.one_of", where="stages.rfm.method",
                              choices=" / ".join(RFM_METHODS), value=repr(self.method))
        for name in ("recency_days", "frequency", "monetary"):
            b = list(getattr(self, name))
            if len(b) != 4 or any(y < x for x, y in zip(b, b[1:], strict=False)):
                raise ConfigError("config.four_ascending", where=f"stages.rfm.{name}",
                                  value=b)


@dataclass(frozen=True)
class StagesSettings:
    """顧客ステージ: the one set of thresholds the pop-up, card, search list, analysis,
    letters and the CLI all use (``services.rfm.stage_settings`` turns it into the
    domain's ``StageSettings``)."""

    SECTION: ClassVar[str] = "stages"
    cpm: StageCpmSettings = field(default_factory=StageCpmSettings)
    rfm: StageRfmSettings = field(default_factory=StageRfmSettings)

    def to_dict(self) -> dict[str, Any]:
        return {"cpm": dataclasses.asdict(self.cpm), "rfm": dataclasses.asdict(self.rfm)}


CORE_SECTIONS = (CallerIdSettings, SipSettings, StoreSettings, ShopSettings, YamatoSettings,
                 DeskSettings, StagesSettings)


@dataclass(frozen=True)
class DeskConfig:
    callerid: CallerIdSettings = field(default_factory=CallerIdSettings)
    sip: SipSettings = field(default_factory=SipSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    shop: ShopSettings = field(default_factory=ShopSettings)
    yamato: YamatoSettings = field(default_factory=YamatoSettings)
    desk: DeskSettings = field(default_factory=DeskSettings)
    stages: StagesSettings = field(default_factory=StagesSettings)
    # every other table of the file, as read: sections added by other modules
    # (read with section(), set with with_section()) and keys this version does not know
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def section(self, kind: type[T]) -> T:
        """The section *kind* (a dataclass with ``SECTION``), defaults where unset."""
        name = kind.SECTION  # type: ignore[attr-defined]
        for f in dataclasses.fields(self):
            if f.name == name and f.name != "extra":
                return getattr(self, name)
        return _build(kind, self.extra.get(name, {}), name)

    def with_section(self, value: Any) -> DeskConfig:
        """A copy with *value* (a section dataclass instance) in place of its section."""
        name = type(value).SECTION
        if name in {f.name for f in dataclasses.fields(self)} - {"extra"}:
            return dataclasses.replace(self, **{name: value})
        extra = dict(self.extra)
        extra[name] = {**extra.get(name, {}), **_dump(value)}
        return dataclasses.replace(self, extra=extra)

    def shipper_fields(self) -> dict[str, str]:
        """The shop and its B2 contract as ``exports.yamato_b2.Shipper.from_dict`` reads them."""
        s, y = self.shop, self.yamato
        return {"name": s.name, "phone": s.phone, "postal_code": s.postal_code,
                "address": s.address, "building": s.building,
                "billing_customer_code": y.billing_customer_code,
                "freight_number": y.freight_number, "billing_class_code": y.billing_class_code,
                "gift_sender": y.gift_sender}


# -- load and save --------------------------------------------------------------------


def default_path() -> Path:
    from desk_app.store.db import data_dir

    return data_dir() / FILE_NAME


def load(path: Path | None = None, *, migrate: bool = True) -> DeskConfig:
    """The settings in *path* (default: the data folder's ``config.toml``).

    Without the file, *migrate* takes over the old ``settings.ini`` and ``shop.json`` next
    to it and writes ``config.toml`` (once); with nothing to take over, the defaults.
    """
    path = path or default_path()
    if not path.exists():
        if not migrate:
            return DeskConfig()
        config, found = migrate_old_files(path.parent)
        if found:
            save(config, path)
            log.info("settings taken over from %s", ", ".join(found))
        return config
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("config.unreadable", file=str(path), detail=str(exc)) from None
    try:
        config = from_dict(data)
    except ConfigError as exc:
        raise ConfigError("config.in_file", file=str(path), problem=exc.problem) from None
    if not config.shop.is_set and (path.parent / "shop.json").exists():
        # shop.json made by hand after the first start (as the README said before): read it
        shop, _found = migrate_old_files(path.parent, ini=False)
        config = dataclasses.replace(config, shop=shop.shop, yamato=dataclasses.replace(
            shop.yamato, last_folder=config.yamato.last_folder))
    return config


def save(config: DeskConfig, path: Path | None = None) -> Path:
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = tomli_w.dumps(to_dict(config))
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def from_dict(data: dict[str, Any]) -> DeskConfig:
    known = {}
    extra = {}
    core = {f.name for f in dataclasses.fields(DeskConfig)} - {"extra"}
    hints = typing.get_type_hints(DeskConfig)
    for name, table in data.items():
        if name in core:
            if not isinstance(table, dict):
                raise ConfigError("config.not_table", where=name)
            known[name] = _build(hints[name], table, name)
            leftover = {k: v for k, v in table.items() if k not in _field_names(hints[name])}
            if leftover:
                extra[name] = leftover
        else:
            extra[name] = table
    return DeskConfig(**known, extra=extra)


def to_dict(config: DeskConfig) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(config):
        if f.name == "extra":
            continue
        out[f.name] = {**config.extra.get(f.name, {}), **_dump(getattr(config, f.name))}
    for name, table in config.extra.items():
        if name not in out:
            out[name] = table
    return out


def store_url() -> str | None:
    """The configured store URL, or None (read only: never migrates or writes)."""
    path = default_path()
    if not path.exists():
        return None
    return load(path, migrate=False).store.url or None


# -- typed conversion ------------------------------------------------------------------


def _field_names(kind: type) -> set[str]:
    return {f.name for f in dataclasses.fields(kind)}


def _build(kind: type[T], table: Any, where: str) -> T:
    if not isinstance(table, dict):
        raise ConfigError("config.not_table", where=where)
    hints = typing.get_type_hints(kind)
    values = {}
    for f in dataclasses.fields(kind):  # type: ignore[arg-type]
        if f.name in table:
            values[f.name] = _coerce(hints[f.name], table[f.name], f"{where}.{f.name}")
    return kind(**values)


def _coerce(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        errors = []
        for option in options:
            try:
                return _coerce(option, value, where)
            except ConfigError as exc:
                errors.append(exc)
        raise errors[0]
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise ConfigError("config.not_array", where=where, value=repr(value))
        (item,) = typing.get_args(hint)[:1] or (Any,)
        items = [_coerce(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
        return items if origin is list else tuple(items)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, value, where)
    if hint is Any:
        return value
    if hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif hint is str:
        if isinstance(value, str):
            return value
    else:
        return value
    kinds = {bool: "config.kind.bool", int: "config.kind.int", float: "config.kind.float",
             str: "config.kind.str"}
    kind = messages.Problem(kinds[hint]) if hint in kinds else str(hint)
    raise ConfigError("config.wrong_type", where=where, kind=kind, value=repr(value))


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)
                if getattr(value, f.name) is not None}
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    return value


# -- taking over the old files --------------------------------------------------------

# QSettings key → (section, field)
QSETTINGS_KEYS = {
    "callerid/source": ("callerid", "source"),
    "callerid/port": ("callerid", "port"),
    "callerid/host": ("callerid", "host"),
    "callerid/profile": ("callerid", "profile"),
    "sip/registrar": ("sip", "registrar"),
    "sip/extension": ("sip", "extension"),
    "sip/user": ("sip", "user"),
    "sip/local": ("sip", "local"),
    "language": ("desk", "language"),
    "operator/id": ("desk", "operator_id"),
    "export/yamato_dir": ("yamato", "last_folder"),
}
SHOP_KEYS = {"name": "shop", "postal_code": "shop", "address": "shop", "building": "shop",
             "phone": "shop", "invoice_number": "shop", "billing_customer_code": "yamato",
             "freight_number": "yamato", "billing_class_code": "yamato",
             "gift_sender": "yamato"}


def migrate_old_files(folder: Path, *, ini: bool = True) -> tuple[DeskConfig, list[str]]:
    """The settings found in *folder*'s ``settings.ini`` (the desk's QSettings before this
    file existed) and ``shop.json`` (the Yamato export's shop), and which files were read.
    The old files are left where they are."""
    tables: dict[str, dict[str, Any]] = {}
    found = []
    ini_file = folder / "settings.ini"
    if ini and ini_file.exists():
        for key, value in read_qsettings_ini(ini_file).items():
            if key in QSETTINGS_KEYS and value != "":
                section, name = QSETTINGS_KEYS[key]
                if name == "operator_id" and not value.isdigit():
                    continue
                tables.setdefault(section, {})[name] = (
                    int(value) if name == "operator_id" else value)
        found.append(ini_file.name)
    shop = folder / "shop.json"
    if shop.exists():
        try:
            data = json.loads(shop.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError("config.unreadable", file=str(shop), detail=str(exc)) from None
        if not isinstance(data, dict):
            raise ConfigError("config.unreadable", file=str(shop),
                              detail=messages.Problem("config.shop_not_object"))
        for key, value in data.items():
            if key in SHOP_KEYS and value is not None:
                tables.setdefault(SHOP_KEYS[key], {})[key] = str(value)
        found.append(shop.name)
    return from_dict(tables), found


_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a",
            "b": "\b", "f": "\f", "v": "\v", "'": "'", "?": "?", ";": ";", ",": ","}


def read_qsettings_ini(path: Path) -> dict[str, str]:
    """The string values of a QSettings IniFormat file, by their QSettings key.

    Qt writes ``[General]`` for top-level keys and one group per prefix; values may be
    quoted and backslash-escaped (``\\"``, ``\\n``, ``\\xHHHH``); ``@Variant(…)`` values (not
    strings) are skipped. Only what the desk stored is needed: plain strings and numbers.
    """
    out: dict[str, str] = {}
    group = ""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("config.unreadable", file=str(path), detail=str(exc)) from None
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = _qt_unescape_key(line[1:-1])
            group = "" if group == "General" else group
            continue
        if "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if value.startswith("@"):  # @Variant, @ByteArray …: not a plain string
            if not value.startswith("@@"):
                continue
            value = value[1:]
        key = _qt_unescape_key(key).replace("\\", "/")
        out[f"{group}/{key}" if group else key] = _qt_unescape_value(value)
    return out


def _qt_unescape_key(key: str) -> str:
    return re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), key)


def _qt_unescape_value(value: str) -> str:
    out, i, quoted = [], 0, False
    while i < len(value):
        ch = value[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            if nxt == "x":
                m = re.match(r"[0-9A-Fa-f]{1,4}", value[i + 2:])
                if m:
                    out.append(chr(int(m.group(0), 16)))
                    i += 2 + len(m.group(0))
                    continue
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        elif ch == "," and not quoted:
            out.append(", ")  # a string list: the desk stored none, keep it readable
            i += 1
            while i < len(value) and value[i] == " ":
                i += 1
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)
