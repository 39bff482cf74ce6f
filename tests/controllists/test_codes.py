import pytest

from controllists import codes


@pytest.mark.parametrize(
    "raw, expected",
    [("5a001.J.1.a.", "5A001.j.1.a"), (" 5A001 ", "5A001"), ("4e001.C", "4E001.c"), ("5A001.b.10", "5A001.b.10")],
)
def test_normalise(raw, expected):
    assert codes.normalise(raw) == expected


@pytest.mark.parametrize("raw", ["", "5F001", "A5001", "5A01", "5A001..j", "5A001.j!", None, 5])
def test_invalid_codes_are_refused_with_a_reason(raw):
    with pytest.raises(codes.CodeError) as exc:
        codes.normalise(raw)
    assert str(exc.value)


def test_ancestors_and_within():
    assert codes.ancestors("5A001.j.1.a") == ["5A001.j.1", "5A001.j", "5A001"]
    assert codes.within_any("5A001.j.1.a", codes.CYBER_SURVEILLANCE_ROOTS) == "5A001.j"
    assert codes.within_any("5A001.b.5", codes.CYBER_SURVEILLANCE_ROOTS) is None
    assert codes.within_any("4E001.c", codes.CYBER_SURVEILLANCE_ROOTS) == "4E001.c"
    assert codes.within_any("4E001.a", codes.CYBER_SURVEILLANCE_ROOTS) is None


def test_natural_sort():
    assert sorted(["5A001.b.10", "5A001.b.9", "5A001.a"], key=codes.sort_key) == ["5A001.a", "5A001.b.9", "5A001.b.10"]


def test_suggestions_prefer_the_nearest_existing_ancestor():
    existing = {"5A001", "5A001.j", "5A001.j.1", "5A001.j.2", "5A002"}
    assert codes.suggest("5A001.j.9", existing)[0] == "5A001.j"
    assert "5A001" in codes.suggest("5A999", existing)
