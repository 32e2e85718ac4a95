"""Today's lines are built when read: the counts, the filters and the desk's first page
must not build the other tens of thousands (at a million customers a day's list runs to
some 50,000 lines)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from letters_shop import HANAKO, ICHIRO, NO_ADDRESS, add_catalogue, add_customers, context, place

from desk_app.services import letters as svc
from desk_app.services.letters import follow as follow_module

DAY = date(2026, 11, 5)
SAMPLE = svc.FollowLine(1, "0000001", "山田 花子", "ヤマダ ハナコ", "thanks", "お礼状", "letter",
                        "thanks", "初回購入 11/2", DAY, DAY + timedelta(days=6), "thanks:1:first",
                        "初回・現役", "1000001", "東京都千代田区千代田1-1", "03-1234-5678")


def counted(n: int, rule=lambda j: ("thanks", "comeback365")[j % 2],
            channel=lambda j: ("letter", "postcard")[j % 2]):
    made: list[int] = []

    def make(j: int) -> svc.FollowLine:
        made.append(j)
        return replace(SAMPLE, customer_id=j, rule=rule(j), channel=channel(j))
    lines = svc.FollowLines([rule(j) for j in range(n)], [channel(j) for j in range(n)], make)
    return lines, made


def test_counts_filters_and_length_build_nothing():
    lines, made = counted(1000)
    follow = svc.FollowList(DAY, lines, svc.FollowLines.of(()))
    assert len(follow.due) == 1000
    assert follow.counts() == {"thanks": 500, "comeback365": 500}
    postcards = svc.filter_lines(follow.due, channels=["postcard"])
    assert len(postcards) == 500
    assert len(svc.for_output(follow.due, "labels")) == 1000
    assert len(svc.filter_lines(postcards, rules=["thanks"])) == 0
    assert made == []
    assert postcards[0].customer_id == 1 and postcards[-1].customer_id == 999
    assert made == [1, 999]


def test_each_line_is_built_once_and_views_share_them():
    lines, made = counted(10)
    first = lines[3]
    view = svc.filter_lines(lines, rules=["comeback365"])  # 1, 3, 5, 7, 9
    assert view[1] is first and lines[:5][3] is first
    assert [x.customer_id for x in view[1:3]] == [3, 5]
    assert made == [3, 5]
    assert list(lines) == [lines[j] for j in range(10)] and sorted(made) == list(range(10))


def test_equality_with_any_sequence_and_joining():
    lines, _ = counted(3)
    built = tuple(lines)
    assert lines == built and lines == list(built) and lines != built[:2]
    assert svc.FollowLines.of(()) == () and lines != ()
    both = svc.FollowLines.of(built[:1]) + lines
    assert len(both) == 4 and list(both) == [built[0], *built]
    assert list(svc.filter_lines(both, rules=["thanks"])) == [built[0], built[0], built[2]]
    assert svc.FollowLines.of(()) + lines == built


def test_the_rows_model_renders_only_the_rows_read(qapp):
    from desk_app.ui.kit.table_model import RowsModel

    lines, made = counted(5000)
    model = RowsModel(["名前"], lambda x: [x.name])
    model.set_items(lines)
    assert model.rowCount() == 5000 and made == []  # every line a row, none built
    assert model.data(model.index(4999, 0)) == "山田 花子" and made == [4999]
    model.data(model.index(4999, 0))
    assert made == [4999]  # rendered once, then kept
    assert model.item(10).customer_id == 10 and made == [4999, 10]


def test_the_service_builds_a_line_only_when_it_is_read(store, monkeypatch):
    with store.new_session() as s, s.begin():
        add_catalogue(s)
    hanako, ichiro, nobody = add_customers(store, HANAKO, ICHIRO, NO_ADDRESS)
    for cid in (hanako, ichiro, nobody):
        place(store, cid, DAY - timedelta(days=3))
    built: list[str] = []
    line = follow_module._line

    def watching(*args, **kwargs):
        out = line(*args, **kwargs)
        built.append(out.name)
        return out
    monkeypatch.setattr(follow_module, "_line", watching)  # where follow_list looks it up
    follow = svc.follow_list(context(store, DAY)).value
    assert len(follow.due) == 2 and len(follow.address_missing) == 1
    assert follow.counts() == {"thanks": 2} and built == []
    assert [x.name for x in follow.due] == ["佐藤 一郎", "山田 花子"]  # kana order
    assert follow.address_missing[0].name == "住所 なし"
    assert sorted(built) == ["住所 なし", "佐藤 一郎", "山田 花子"]
    assert follow.to_json()["due"][1]["name"] == "山田 花子" and len(built) == 3
