"""Several desks share one PostgreSQL store: seed, lookup and search must behave as on SQLite."""

from datetime import date

from sqlalchemy import func, select

from desk_app.domain.phone import normalize
from desk_app.store import customers
from desk_app.store.caller_lookup import lookup_number
from desk_app.store.db import Store
from desk_app.store.models import Customer, Phone
from desk_app.store.seed import seed

TODAY = date(2026, 11, 23)


def test_seed_lookup_and_search_on_postgresql(pg_url):
    store = Store(pg_url)
    try:
        report = seed(store, 200, seed=2, today=TODAY)
        assert report.customers == 200
        with store.new_session() as s:
            national = s.execute(select(Phone.national).group_by(Phone.national)
                                 .having(func.count() == 1).limit(1)).scalar_one()
            result = lookup_number(s, normalize(national), TODAY)
            assert len(result.matches) == 1 and result.card is not None
            c = s.get(Customer, result.matches[0].customer_id)
            family_kana = c.kana.split("\u3000")[0]
            assert c.id in customers.search_ids(s, family_kana, limit=200)
            assert c.id in customers.search_ids(s, national[-5:])
    finally:
        store.dispose()
