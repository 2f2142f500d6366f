"""accord.ingest: files, directories and stdin -> Articles or InputFailures."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
from pathlib import Path

import pytest

from accord.errors import ConfigError
from accord.ingest import IngestOptions, InputFailure, read_articles
from accord.model import Article

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CEASEFIRE = SHARED / "examples" / "ceasefire.txt"
CORPUS = SHARED / "corpus" / "news_5k.jsonl.gz"


def read(*paths, **kwargs) -> list[Article | InputFailure]:
    return list(read_articles([str(p) for p in paths], **kwargs))


def read_one(path, **kwargs) -> Article:
    (result,) = read(path, **kwargs)
    assert isinstance(result, Article), result
    return result


# --- plain text -------------------------------------------------------------------------

def test_ceasefire_text_keeps_its_characters_and_gets_the_default_date():
    article = read_one(CEASEFIRE, default_date="2025-03-13")
    assert article.id == "ceasefire"
    assert article.text.startswith("fforts to negotiate")  # the file's first "E" is missing
    assert "Russia’s" in article.text
    assert article.date == "2025-03-13"
    assert article.language == "en"
    assert article.warnings == ()
    assert article.sha256 == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def test_text_without_default_date_has_no_date():
    assert read_one(CEASEFIRE).date is None


def test_cp1252_text_is_decoded_with_a_warning():
    article = read_one(FIXTURES / "latin1.txt")
    assert "café owner in Zürich" in article.text
    assert "minister’s visit – planned" in article.text
    assert "“déjà vu”" in article.text
    assert any(w.startswith("encoding: decoded as cp1252") for w in article.warnings)


def test_mojibake_is_repaired_and_curly_quotes_kept():
    article = read_one(FIXTURES / "mojibake.txt")
    assert "We don’t accept this proposal.”" in article.text
    assert "â€" not in article.text
    assert any(w.startswith("mojibake:") for w in article.warnings)


def test_binary_file_gets_clear_error():
    (failure,) = read(FIXTURES / "binary.bin")
    assert isinstance(failure, InputFailure)
    assert failure.source.endswith("binary.bin")
    assert failure.message.startswith("binary file:")
    assert "is not text; accord reads .txt, .html and .jsonl" in failure.message


def test_empty_file_still_gives_an_article_with_a_warning():
    article = read_one(FIXTURES / "empty.txt", default_date="2025-03-13")
    assert article.id == "empty"
    assert article.text == ""
    assert "empty: no text" in article.warnings


def test_whitespace_only_file_gives_an_article_with_a_warning(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n")
    assert "empty: no text" in read_one(path).warnings


def test_german_text_is_flagged_as_not_english():
    article = read_one(FIXTURES / "german.txt")
    assert article.language == "de"
    assert any(w.startswith("language: text does not look like English") for w in article.warnings)


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Russia said on Thursday that it would not accept the proposal for a ceasefire in Ukraine "
         "until its concerns about security were addressed by the United States.", "en"),
        ("Le président a déclaré que la France ne participera pas aux négociations et que le "
         "gouvernement est prêt à discuter avec les partenaires européens.", "fr"),
        ("El gobierno de España anunció que no participará en las negociaciones y que la ministra "
         "está en contacto con los socios europeos para buscar una solución.", "es"),
        ("Президент России заявил, что Москва не примет это предложение и что переговоры будут "
         "продолжены только после того, как Киев выполнит все условия.", "ru"),
        ("中国外交部周三表示，中方反对任何形式的单边制裁，并呼吁各方通过对话解决分歧。", "und"),
        ("Kyiv talks collapse", "en"),  # too short to judge: English assumed
    ],
)
def test_language_check(tmp_path, sentence, language):
    path = tmp_path / "sample.txt"
    path.write_text(sentence, encoding="utf-8")
    article = read_one(path)
    assert article.language == language
    assert any(w.startswith("language:") for w in article.warnings) == (language != "en")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Line one\r\nLine two\rLine three", "Line one\nLine two\nLine three"),
        ("no\u00a0break", "no break"),
        ("NUL\x00and\x07bell", "NULandbell"),
        ("tabs\tand\nnewlines stay", "tabs\tand\nnewlines stay"),
        ("“quoted” – dashes — and ‘single’ quotes", "“quoted” – dashes — and ‘single’ quotes"),
        ("cafe\u0301", "café"),  # NFC
    ],
)
def test_text_is_normalised(tmp_path, raw, expected):
    path = tmp_path / "sample.txt"
    path.write_bytes(raw.encode("utf-8"))
    assert read_one(path).text == expected


def test_long_text_is_truncated_with_a_warning(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("The army said the talks would resume.\n" * 100)
    article = read_one(path, options=IngestOptions(max_chars=1_000))
    assert len(article.text) <= 1_000
    assert article.text.endswith("resume.")
    assert any(w.startswith("truncated:") for w in article.warnings)


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfMoscow said no.")
    article = read_one(path)
    assert article.text == "Moscow said no."
    assert article.warnings == ()


def test_unknown_extension_is_read_as_text(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("Kyiv said the talks had failed, and Moscow blamed the West.")
    assert read_one(path).id == "story"


# --- HTML -------------------------------------------------------------------------------

def test_html_main_text_title_and_date_from_metadata():
    article = read_one(FIXTURES / "news_page.html", default_date="2000-01-01")
    assert article.id == "news_page"
    assert article.title == "Kremlin cool on US-backed ceasefire plan"
    assert article.date == "2025-03-13"
    assert article.outlet == "World News Daily"
    assert article.url == "https://news.example.com/world/2025/03/13/kremlin-ceasefire"
    assert "Russia’s foreign ministry said on Thursday" in article.text
    assert "“root causes”" in article.text
    for boilerplate in ("Subscribe now", "Privacy policy", "All rights reserved", "Ten gadgets"):
        assert boilerplate not in article.text


def test_broken_html_still_gives_the_text():
    article = read_one(FIXTURES / "broken.html", default_date="2024-06-25")
    assert "Thousands of protesters marched through Nairobi" in article.text
    assert "acted with restraint" in article.text
    assert "<p>" not in article.text
    assert article.title == "Protest in Nairobi & Mombasa"
    assert article.date == "2024-06-25"


# --- JSONL ------------------------------------------------------------------------------

def test_jsonl_bad_lines_become_failures_in_order_and_the_rest_still_come():
    results = read(FIXTURES / "three_articles.jsonl", default_date="2025-01-01")
    assert [type(r).__name__ for r in results] == ["Article", "InputFailure", "InputFailure", "Article"]
    first, broken, no_text, last = results
    assert (first.id, first.date, first.title, first.outlet) == (
        "kyiv-talks", "2025-03-13", "Talks resume in Riyadh", "Example Wire")
    assert first.url == "https://example.com/kyiv-talks"
    assert broken.source.endswith("three_articles.jsonl:2")
    assert re.search(r"three_articles\.jsonl:2: invalid JSON", broken.message)
    assert no_text.source.endswith("three_articles.jsonl:3")
    assert "no 'text' field" in no_text.message
    assert last.id == "three_articles:4"
    assert last.date == "2025-03-11"


def test_jsonl_empty_text_is_an_article_with_a_warning(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "a", "text": ""}\n\n{"id": "b", "text": "Moscow said no to the plan."}\n')
    first, second = read(path)
    assert "empty: no text" in first.warnings
    assert second.id == "b" and second.warnings == ()


def test_jsonl_language_field_is_respected(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text('{"text": "Moscow said no.", "language": "fr"}\n'
                    '{"text": "Die Regierung sagte nein und wies die Vorwürfe zurück.", "language": "en"}\n')
    french, english = read(path)
    assert french.language == "fr"
    assert any(w.startswith("language:") for w in french.warnings)
    assert english.language == "en" and english.warnings == ()


def test_jsonl_unreadable_date_falls_back_with_a_warning(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text('{"text": "Moscow said no.", "date": "last Tuesday"}\n')
    article = read_one(path, default_date="2025-03-13")
    assert article.date == "2025-03-13"
    assert any(w.startswith("date:") for w in article.warnings)


def test_corpus_jsonl_gz_reads_every_article_with_iso_dates(tmp_path):
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        head = [next(stream) for _ in range(50)]
    path = tmp_path / "corpus_50.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.writelines(head)
    results = read(path)
    assert len(results) == 50
    assert all(isinstance(r, Article) for r in results)
    assert all(r.id.startswith("allsides_") for r in results)
    assert all(r.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.date) for r in results)
    assert sum(r.date is not None for r in results) > 25
    assert all(r.language == "en" and len(r.sha256) == 64 for r in results)


# --- dispatch: directories, missing paths, stdin, options ---------------------------------

def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Moscow said no.")
    (tmp_path / "a.html").write_text("<html><body><p>Kyiv said yes.</p></body></html>")
    (tmp_path / "c.jsonl").write_text('{"id": "three", "text": "Washington said maybe."}\n')
    (tmp_path / "notes.csv").write_text("ignored")
    (tmp_path / ".hidden.txt").write_text("ignored")
    assert [r.id for r in read(tmp_path)] == ["a", "two", "three"]


def test_missing_path_is_a_failure_and_reading_goes_on():
    missing, article = read("/no/such/file.txt", CEASEFIRE)
    assert isinstance(missing, InputFailure)
    assert "no such file" in missing.message
    assert article.id == "ceasefire"


def test_bad_default_date_is_refused_at_once():
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        read_articles(["-"], default_date="someday")


@pytest.mark.parametrize(
    ("stdin", "expected_ids"),
    [
        (io.StringIO("Moscow rejected the proposal on Thursday."), ["stdin"]),
        (io.BytesIO("Moscow rejected the proposal’s terms.".encode()), ["stdin"]),
        (io.StringIO('\n{"text": "Moscow said no."}\n{"id": "x", "text": "Kyiv said yes."}\n'), ["stdin:2", "x"]),
        (io.BytesIO(b"<!DOCTYPE html><html><body><article><p>Kyiv said yes.</p></article></body></html>"),
         ["stdin"]),
    ],
)
def test_stdin_is_sniffed(stdin, expected_ids):
    results = read("-", stdin=stdin)
    assert [r.id for r in results] == expected_ids
    assert all(isinstance(r, Article) and "<" not in r.text for r in results)


def test_stdin_cp1252_bytes_get_an_encoding_warning():
    article = read_one("-", stdin=io.BytesIO("The caf\xe9 owner said no.".encode("cp1252")))
    assert article.text == "The café owner said no."
    assert any(w.startswith("encoding: decoded as cp1252") for w in article.warnings)


def test_stdin_broken_jsonl_line_names_stdin():
    good, bad = read("-", stdin=io.StringIO('{"text": "Moscow said no."}\n{"text": oops}\n'))
    assert good.id == "stdin:1"
    assert isinstance(bad, InputFailure) and bad.source == "<stdin>:2"


def test_stdin_binary_is_a_failure():
    (failure,) = read("-", stdin=io.BytesIO(b"\x00\x01\x02binary\x00"))
    assert isinstance(failure, InputFailure) and failure.source == "<stdin>"
    assert failure.message.startswith("binary file:")
