"""The drafting simulator, and the aligner measured on what it drafts."""

from __future__ import annotations

import difflib
from collections import Counter

import pytest
from conftest import NEW, OLD, SAMPLES
from simulate import Rates, Score, make_resolution, simulate

from diffcore import Resolution, parse
from diffcore.align import align
from diffcore.model import Part
from diffcore.text import words

# The two samples, and a text of another title to draw added paragraphs from.
Texts = tuple[Resolution, Resolution, Resolution]


@pytest.fixture(scope="module")
def texts() -> Texts:
    return parse(OLD), parse(NEW), parse(SAMPLES / "A_RES_79_218.txt")


def test_same_seed_same_draft_other_seed_other_draft(texts: Texts) -> None:
    base, _, donor = texts
    first = simulate(base.paragraphs, donor.paragraphs, 7)
    assert first == simulate(base.paragraphs, donor.paragraphs, 7)
    assert first.new != simulate(base.paragraphs, donor.paragraphs, 8).new


def test_truth_links_each_paragraph_at_most_once_and_name_real_ids(texts: Texts) -> None:
    base, _, donor = texts
    for seed in range(20):
        pair = simulate(base.paragraphs, donor.paragraphs, seed, Rates(split=0.2, merged=0.2))
        olds = [o for link in pair.links for o in link.old]
        news = [n for link in pair.links for n in link.new]
        assert len(olds) == len(set(olds)) and len(news) == len(set(news))
        assert set(olds) <= {p.id for p in pair.old.paragraphs}
        assert set(news) <= {p.id for p in pair.new.paragraphs}


def test_splits_and_merges_keep_the_words(texts: Texts) -> None:
    base, _, donor = texts
    rates = Rates(modified=0, technical=0, added=0, deleted=0, moved=0, crossed=0, split=0.5, merged=0.5)
    pair = simulate(base.paragraphs, donor.paragraphs, 3, rates)
    assert {"split", "merged"} <= {link.kind for link in pair.links}
    for link in pair.links:
        old = Counter(w for i in link.old for w in words(pair.old.paragraph(i).text))
        new = Counter(w for i in link.new for w in words(pair.new.paragraph(i).text))
        assert not old - new
        assert set(new - old) <= {"and"}  # the joiner of a merge


@pytest.mark.parametrize("intensity", [0.1, 0.3, 0.5])
def test_edit_intensity_is_the_share_of_words_changed(texts: Texts, intensity: float) -> None:
    base, _, donor = texts
    rates = Rates(1, intensity, technical=0, added=0, deleted=0, moved=0, crossed=0, split=0, merged=0)
    pair = simulate(base.paragraphs, donor.paragraphs, 1, rates)
    changed = total = 0
    for old, new in zip(pair.old.paragraphs, pair.new.paragraphs, strict=True):
        a, b = old.text.split(), new.text.split()
        same = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
        changed += len(a) - same
        total += len(a)
    # Insertions change no old word and later edits can hit earlier ones: a band, not a point.
    assert 0.4 * intensity <= changed / total <= 1.2 * intensity


def test_technical_updates_advance_ordinals_and_years() -> None:
    res = make_resolution(
        [(Part.OPERATIVE, "Decides to consider at its sixty-fifth session, in 2010, the report A/64/440;")]
        * 1,
        "x",
    )
    rates = Rates(modified=0, technical=1, added=0, deleted=0, moved=0, crossed=0, split=0, merged=0)
    text = simulate(res.paragraphs, [], 5, rates).new.paragraphs[0].text
    assert "sixty-fifth" not in text and "2010" not in text and "/440" not in text


def test_moves_across_parts_recast_the_opening_verb(texts: Texts) -> None:
    base, _, _ = texts
    rates = Rates(modified=0, technical=0, added=0, deleted=0, moved=0, crossed=1, split=0, merged=0)
    pair = simulate(base.paragraphs, [], 2, rates)
    recalling = [p for p in pair.new.paragraphs if p.text.startswith("Recalls")]
    assert recalling and all(p.part is Part.OPERATIVE and p.text.endswith(";") for p in recalling)


def test_aligner_is_precise_and_complete_on_simulated_drafts(texts: Texts) -> None:
    score = Score()
    old, new, other = texts  # 64/177 and 66/178 are one series: added paragraphs come from another
    for base, donor in ((old, other), (new, other), (other, new)):
        for seed in range(4):
            pair = simulate(base.paragraphs, donor.paragraphs, seed)
            links = align(pair.old.paragraphs, pair.new.paragraphs)
            score.add({(o, n) for link in links for o in link.old for n in link.new}, pair.links)
    assert score.precision >= 0.97
    assert score.f1 >= 0.97
