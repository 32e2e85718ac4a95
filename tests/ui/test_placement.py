"""Window and pop-up geometry: windows fit the screen, pop-ups stay on it and off the work."""

from hypothesis import given
from hypothesis import strategies as st

from desk_app.ui.kit.placement import (
    MAX_SHOWN,
    Rect,
    fit_window,
    place_popups,
    popup_width,
    work_area,
)

SCREENS = [Rect(0, 0, 1280, 760), Rect(0, 0, 1366, 728), Rect(0, 0, 1600, 960),
           Rect(1920, 0, 1920, 1040)]


@given(st.sampled_from(SCREENS), st.integers(300, 3000), st.integers(300, 3000))
def test_windows_fit_the_work_area(screen, w, h):
    rect = fit_window(screen, w, h)
    assert work_area(screen).contains(rect)
    assert rect.w == min(w, work_area(screen).w) or rect.w >= 480


@given(st.sampled_from(SCREENS), st.lists(st.integers(40, 7000), min_size=1,
                                          max_size=MAX_SHOWN), st.booleans())
def test_popups_are_on_screen_apart_and_beside_a_window_in_the_work_area(screen, heights,
                                                                         summary):
    work = fit_window(screen, 1400, 900)
    rects, extra = place_popups(screen, work, heights, summary=summary)
    everything = rects + ([extra] if extra else [])
    assert len(rects) == len(heights) and (extra is not None) == summary
    for i, r in enumerate(everything):
        assert screen.contains(r), (r, screen)
        assert not r.intersects(work)
        assert r.w == popup_width(screen)
        for other in everything[i + 1:]:
            assert not r.intersects(other)


def test_column_moves_to_the_free_edge():
    screen = SCREENS[0]
    work = Rect(420, 0, 860, 760)  # the clerk moved the window to the right edge
    rects, _ = place_popups(screen, work, [300])
    assert rects[0].x < 420 and not rects[0].intersects(work)


def test_a_maximised_window_is_covered_as_little_as_possible_and_never_off_screen():
    screen = SCREENS[0]
    rects, _ = place_popups(screen, screen, [10_000, 10_000, 10_000], summary=True)
    assert all(screen.contains(r) for r in rects)
    assert sum(r.h for r in rects) < screen.h
