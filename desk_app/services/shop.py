"""店舗情報: the shop's own details as the settings page and ``desk-app shop`` set them.

They live in the desk's typed settings (``[shop]`` of :mod:`desk_app.config`), not in the
store, and they are what the B2 export prints as ご依頼主 (``DeskConfig.shipper_fields``) and
what letters, postcards and 納品書 print as the sender (``services.letters.shop_info``).
:func:`check_shop_settings` applies :mod:`desk_app.domain.shop_settings` and refuses with a
problem per field; :func:`with_shop` gives the configuration to save.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from desk_app.config import DeskConfig, ShopSettings
from desk_app.domain.shop_settings import FIELDS, check_shop
from desk_app.services.base import ServiceError

__all__ = ["FIELDS", "check_shop_settings", "shop_dict", "with_shop"]


def check_shop_settings(values: Mapping[str, Any]) -> ShopSettings:
    """The page's (or a JSON file's) fields as ``[shop]`` settings; :class:`ServiceError`
    with a problem per field (``name``, ``postal_code``, ``phone``, ``invoice_number`` …)."""
    cleaned, problems = check_shop(values)
    if problems:
        raise ServiceError(problems)
    return ShopSettings(**cleaned)


def shop_dict(shop: ShopSettings) -> dict[str, str]:
    """The settings as ``desk-app shop show --json`` prints them (and ``set`` reads them)."""
    return {f.name: getattr(shop, f.name) for f in dataclasses.fields(shop)}


def with_shop(config: DeskConfig, values: Mapping[str, Any]) -> DeskConfig:
    """*config* with its ``[shop]`` replaced by the checked *values* (fields not given are
    kept as they were)."""
    merged = {**shop_dict(config.shop), **{k: v for k, v in values.items() if k in FIELDS}}
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise ServiceError.one("shop.unknown_field", unknown[0], name=unknown[0])
    return dataclasses.replace(config, shop=check_shop_settings(merged))
