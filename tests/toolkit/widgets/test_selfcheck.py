"""Self-checks: typed numbers read the Indonesian way, verdicts and kind sentences in both languages."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import toolkit
from toolkit.errors import InputError
from toolkit.widgets.selfcheck import ChoiceCheck, NumberCheck, NumberNotRead, _parse_number

QUESTION = {"id": "Berapa HPP per tas?", "en": "What is the cost per bag?"}
HINT = {
    "id": "Bagi total biaya dengan jumlah tas yang bagus.",
    "en": "Divide the total cost by the good bags.",
}


def number_check(answer=20_000, **options):
    return NumberCheck(QUESTION, answer, hint=HINT, **options)


def choice_check(**options):
    return ChoiceCheck(
        {
            "id": "Siapa membayar ongkos kapal dalam FOB?",
            "en": "Who pays the sea freight under FOB?",
        },
        [{"id": "Penjual", "en": "The seller"}, {"id": "Pembeli", "en": "The buyer"}, "—"],
        correct=1,
        hint={
            "id": "FOB berhenti saat barang di atas kapal.",
            "en": "FOB stops once the goods are on board.",
        },
        **options,
    )


# -- reading numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("20000", 20000),
        ("20.000", 20000),
        ("20.000,50", 20000.5),
        ("20,000.50", 20000.5),
        ("0,2", 0.2),
        ("0.2", 0.2),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("12,5", 12.5),
        ("0.250", 0.25),
        (" -3,5 ", -3.5),
        ("\u221212", -12),
        ("20.000,-", 20000),
        (",5", 0.5),
        ("5 ribu", 5000),
        ("20 000", 20000),
        ("1,5 jt", 1_500_000),
    ],
)
def test_reads_numbers_written_the_indonesian_way(text, number):
    """Is each way an Indonesian writes a number read as that number?"""
    assert _parse_number(text, language="id") == pytest.approx(number)


def test_one_mark_before_three_digits_follows_the_language():
    """Is "1,500" one and a half in Indonesian but fifteen hundred in English, and "20.000" the reverse?"""
    assert _parse_number("1,500", language="id") == 1.5
    assert _parse_number("20.000", language="id") == 20000
    assert _parse_number("1,500", language="en") == 1500
    assert _parse_number("20.000", language="en") == 20
    toolkit.set_language("en")
    assert _parse_number("1,500") == 1500


@pytest.mark.parametrize(
    ("text", "id_part", "en_part"),
    [
        ("lima ribu", "dengan angka", "in digits"),
        ("20%", "tanpa tanda %", "without the % sign"),
        ("Rp 20.000", 'tanpa "Rp": misalnya 20.000', 'without "Rp": for example 20.000'),
        ("USD 1,200", 'tanpa "USD"', 'without "USD"'),
        ("20 00 0", "tanpa spasi: misalnya 20000", "without spaces: for example 20000"),
        ("1.2.3", "per tiga angka", "in threes"),
        ("1.000.00", "per tiga angka", "in threes"),
        ("1e3", "dengan angka", "in digits"),
    ],
)
def test_text_that_is_not_a_number_gets_a_kind_sentence(text, id_part, en_part):
    """Does typed text that is not a number raise a sentence, in each language, saying what to type?"""
    with pytest.raises(NumberNotRead) as caught:
        _parse_number(text)
    assert isinstance(caught.value, ValueError)
    assert id_part in str(caught.value)
    toolkit.set_language("en")
    assert en_part in str(caught.value)


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_whole_numbers_round_trip(n):
    """Is any whole number written with Indonesian thousands dots read back exactly?"""
    written = f"{n:,}".replace(",", ".")
    assert _parse_number(written, language="id") == n
    assert _parse_number(f"{n:,}", language="en") == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_indonesian_decimals_round_trip(whole, cents):
    """Is "1.234,05" read as 1234.05 for any whole part and cents?"""
    written = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    assert _parse_number(written, language="id") == pytest.approx(whole + cents / 100)


# -- the number check -----------------------------------------------------------------------


def test_right_answer_says_benar():
    """Does a right answer, typed as Indonesians write it, show "✅ Benar!"?"""
    check = number_check()
    check.value = "20.000"
    assert check.check() is True
    assert check.correct is True and check.given == 20000
    assert "✅" in check.feedback.value and "Benar!" in check.feedback.value


def test_button_click_checks():
    """Does clicking the button give the same verdict as calling check()?"""
    check = number_check()
    check.value = "19.000"
    check.button.click()
    assert check.correct is False
    assert "❌" in check.feedback.value and "Belum tepat" in check.feedback.value
    assert "Bagi total biaya" in check.feedback.value


def test_tolerance_is_relative():
    """Is an answer within 1 % right and one just outside wrong?"""
    check = number_check()
    check.value = "20.190"
    assert check.check() is True
    check.value = "20.210"
    assert check.check() is False
    strict = number_check(tolerance=0)
    strict.value = "20.001"
    assert strict.check() is False


def test_absolute_tolerance_for_a_zero_answer():
    """Can an answer of 0 accept a small rounding difference when asked to?"""
    check = number_check(answer=0, absolute_tolerance=0.5)
    check.value = "0,4"
    assert check.check() is True
    check.value = "1"
    assert check.check() is False


def test_unreadable_text_gives_no_verdict():
    """Does "lima ribu" get a kind sentence and neither ✅ nor ❌?"""
    check = number_check()
    check.value = "lima ribu"
    assert check.check() is None
    assert check.correct is None and check.given is None
    assert "✅" not in check.feedback.value and "❌" not in check.feedback.value
    assert "dengan angka" in check.feedback.value


def test_percent_written_for_a_fraction_is_pointed_out():
    """Does typing 20 where 0.2 is asked name the percent slip, in both languages?"""
    check = number_check(answer=0.2)
    check.value = "20"
    assert check.check() is False
    assert "menulis persen" in check.feedback.value and "0,2" in check.feedback.value
    toolkit.set_language("en")
    check.check()
    assert "wrote a percentage" in check.feedback.value and "0.2" in check.feedback.value


def test_fraction_written_for_a_percent_is_pointed_out():
    """When the unit is %, does typing 0,25 for 25 name the slip?"""
    check = number_check(answer=25, unit="%")
    check.value = "0,25"
    assert check.check() is False
    assert "menulis pecahan" in check.feedback.value
    plain = number_check(answer=100)
    plain.value = "1"
    plain.check()
    assert "pecahan" not in plain.feedback.value


def test_feedback_follows_the_language_at_check_time(english):
    """Is the verdict in English when the language is English?"""
    check = number_check()
    check.value = "20000"
    check.check()
    assert "Correct!" in check.feedback.value
    check.value = "1"
    check.check()
    assert "Not quite" in check.feedback.value and "Divide the total cost" in check.feedback.value


def test_labels_follow_the_language(english):
    """Are the question, unit and button in English when built in English?"""
    check = number_check(unit={"id": "tas", "en": "bags"})
    assert check.button.description == "Check"
    assert "cost per bag" in check.question.value
    assert check.widget.children[1].children[1].value == "bags"


def test_explanation_shown_after_a_right_answer():
    """Is the explanation shown with the right answer?"""
    check = number_check(
        explanation={"id": "Rp2.000.000 ÷ 100 tas.", "en": "IDR 2,000,000 ÷ 100 bags."}
    )
    check.value = "20000"
    check.check()
    assert "Rp2.000.000 ÷ 100 tas." in check.feedback.value


def test_question_text_is_escaped():
    """Is a question with < or & shown as text, not as HTML?"""
    check = NumberCheck({"id": "a < b & c", "en": "a < b & c"}, 1, hint=HINT)
    assert "a &lt; b &amp; c" in check.question.value


def test_bad_construction_is_an_input_error():
    """Does a check built with a one-language question or a bad tolerance say what is allowed, in both languages?"""
    with pytest.raises(InputError) as caught:
        NumberCheck({"id": "Berapa?"}, 1, hint=HINT)
    assert "teks dua bahasa" in str(caught.value)
    toolkit.set_language("en")
    assert "both languages" in str(caught.value)
    toolkit.set_language("id")
    with pytest.raises(InputError, match="tolerance"):
        number_check(tolerance=-0.1)
    with pytest.raises(InputError, match="answer"):
        NumberCheck(QUESTION, "20.000", hint=HINT)


# -- the choice check -----------------------------------------------------------------------


def test_choice_right_and_wrong():
    """Does the right option say Benar and a wrong one give the hint?"""
    check = choice_check()
    check.value = 1
    check.button.click()
    assert check.correct is True and "Benar!" in check.feedback.value
    check.value = 0
    assert check.check() is False
    assert "Belum tepat" in check.feedback.value and "di atas kapal" in check.feedback.value


def test_choice_with_nothing_chosen_asks_to_choose():
    """Does clicking Periksa with nothing chosen ask for a choice instead of judging?"""
    check = choice_check()
    assert check.value is None
    assert check.check() is None
    assert "Pilih salah satu" in check.feedback.value


def test_choice_labels_follow_the_language(english):
    """Are the options in English when built in English?"""
    check = choice_check()
    assert [label for label, _ in check.radio.options] == ["The seller", "The buyer", "—"]
    check.value = 0
    check.check()
    assert "once the goods are on board" in check.feedback.value


def test_choice_bad_construction():
    """Are a correct index out of range and a single option refused with a sentence?"""
    with pytest.raises(InputError) as caught:
        choice_check_with(correct=3)
    assert "correct = 3" in str(caught.value) and "2" in str(caught.value)
    with pytest.raises(InputError) as caught:
        ChoiceCheck(QUESTION, ["hanya satu"], correct=0, hint=HINT)
    assert "minimal 2 pilihan" in str(caught.value)
    toolkit.set_language("en")
    assert "at least 2 options" in str(caught.value)


def choice_check_with(correct):
    return ChoiceCheck(QUESTION, ["a", "b", "c"], correct=correct, hint=HINT)
