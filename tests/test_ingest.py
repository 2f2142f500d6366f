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


# --- hostile and careless inputs --------------------------------------------------------------

def test_lone_surrogates_in_jsonl_fields_become_replacement_characters(tmp_path):
    # "\ud800" is valid JSON; Python reads it as a lone surrogate that no encoder accepts
    path = tmp_path / "surrogates.jsonl"
    path.write_text('{"id": "b\\ud800", "outlet": "O\\udc00", "url": "u\\ud800", "language": "en\\ud800", '
                    '"text": "Russia rejected \\ud800 the ceasefire."}\n'
                    '{"id": "good", "text": "Ukraine accepted the proposal."}\n', encoding="ascii")
    first, second = read(path)
    assert first.id == "b\ufffd" and first.outlet == "O\ufffd" and "\ufffd" in first.text
    for value in (first.id, first.outlet, first.url, first.language, first.text):
        value.encode("utf-8")
    assert second.id == "good"


def test_control_and_bidi_characters_leave_metadata_fields():
    from accord.ingest.sanitise import sanitise_field, sanitise_text

    assert sanitise_field("Reu\u202eters\x00\n") == "Reuters"
    assert sanitise_field("\u200b\x07") is None
    assert sanitise_text("a\x00b\tc\nd\x85") == "ab\tc\nd\x85"  # C1 stays for the mojibake repair


def test_utf16_jsonl_file_is_read_not_called_binary(tmp_path):
    line = '{"id": "k", "text": "Kyiv’s delegation met U.S. officials in Riyadh on Tuesday."}\n'
    for codec in ("utf-16", "utf-16-be"):
        path = tmp_path / f"{codec}.jsonl"
        path.write_bytes(("\ufeff" + line * 2).encode(codec))
        articles = read(path)
        assert [type(a) for a in articles] == [Article, Article], articles
        assert articles[0].text.startswith("Kyiv’s delegation")


def test_overlong_jsonl_line_is_refused_and_the_next_line_still_read(tmp_path):
    path = tmp_path / "long.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write('{"id": "a", "text": "Russia rejected the ceasefire."}\n')
        handle.write('{"id": "huge", "text": "' + "x " * 50_000 + '"}\n')
        handle.write("\n" * 10_000)
        handle.write('{"id": "c", "text": "Ukraine accepted the proposal."}\n')
    first, refused, last = read(path, options=IngestOptions(max_line_bytes=20_000))
    assert isinstance(refused, InputFailure) and refused.source.endswith(":2") and "max_line_bytes" in refused.message
    assert (first.id, last.id) == ("a", "c")


def test_reading_stops_at_the_decompressed_size_cap(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(b'{"id": "a", "text": "Russia rejected the ceasefire."}\n' + b"\n" * 5_000_000)
    assert path.stat().st_size < 20_000  # a small file that inflates a thousandfold
    first, stopped = read(path, options=IngestOptions(max_file_bytes=1_000_000))
    assert first.id == "a"
    assert isinstance(stopped, InputFailure) and "max_file_bytes" in stopped.message


def test_corrupt_gzip_is_a_failure_not_a_crash(tmp_path):
    path = tmp_path / "corrupt.jsonl.gz"
    data = gzip.compress(b'{"id": "a", "text": "Russia rejected the ceasefire."}\n' * 200)
    path.write_bytes(data[:40] + bytes(b ^ 0xFF for b in data[40:80]) + data[80:])
    results = read(path, CEASEFIRE)
    assert isinstance(results[-1], Article) and results[-1].id == "ceasefire"
    assert any(isinstance(r, InputFailure) and "corrupt.jsonl.gz" in r.message for r in results)


def in_memory_gzip(data: bytes) -> gzip.GzipFile:
    """A .jsonl.gz as a Spark worker holds it: its bytes, decompressed on the fly."""
    return gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(data)))


@pytest.mark.parametrize("case, data, expected", [
    ("overlong line", b'{"id": "a", "text": "Russia rejected the ceasefire."}\n{"text": "' + b"x " * 5_000
     + b'"}\n{"id": "c", "text": "Ukraine accepted it."}\n', ["a", "max_line_bytes", "c"]),
    ("inflating newlines", b'{"id": "a", "text": "Russia rejected the ceasefire."}\n' + b"\n" * 3_000_000
     + b'{"id": "c", "text": "Ukraine accepted it."}\n', ["a", "max_file_bytes"]),
    ("UTF-16", ("\ufeff" + '{"id": "k", "text": "Kyiv’s delegation met U.S. officials."}\n').encode("utf-16-le"),
     ["k"]),
    ("binary", bytes(range(256)) * 40, ["binary"]),
])
def test_jsonl_bytes_in_memory_are_read_within_the_limits(case, data, expected):
    """read_jsonl_file is how the Spark job reads each file's bytes: the limits of a local run hold."""
    from accord.ingest.jsonl import read_jsonl_file

    options = IngestOptions(max_line_bytes=5_000, max_file_bytes=1_000_000)
    results = list(read_jsonl_file(in_memory_gzip(data), source="s3://bucket/day.jsonl.gz", stem="day",
                                   default_date=None, options=options))
    found = [r.id if isinstance(r, Article) else r.message for r in results]
    assert len(found) == len(expected), (case, found)
    for got, want in zip(found, expected):
        assert want in got, (case, got)


def test_corrupt_gzip_bytes_in_memory_keep_the_articles_before():
    from accord.ingest.jsonl import read_jsonl_file

    lines = "".join(f'{{"id": "a{n}", "text": "Russia rejected ceasefire plan {n * 7919}."}}\n' for n in range(40_000))
    data = gzip.compress(lines.encode())
    middle = len(data) * 3 // 4  # past the first chunk read (1 MB decompressed)
    stream = gzip.GzipFile(fileobj=io.BytesIO(data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 50])
                                              + data[middle + 50:]))
    results = list(read_jsonl_file(stream, source="day.jsonl.gz", stem="day", default_date=None,
                                   options=IngestOptions()))
    assert isinstance(results[-1], InputFailure) and results[-1].message.startswith("cannot read day.jsonl.gz")
    assert [r.id for r in results[:1_000]] == [f"a{n}" for n in range(1_000)]


def test_truncated_gzip_keeps_the_records_before_the_cut(tmp_path):
    """A download cut short: every whole record before the cut comes out, then the failure."""
    lines = "".join(f'{{"id": "a{n}", "text": "Russia rejected ceasefire plan {n * 7919}."}}\n' for n in range(5_000))
    data = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 4 // 5])
    *articles, failure = read(path)
    assert isinstance(failure, InputFailure) and "cut.jsonl.gz" in failure.message
    assert len(articles) > 3_000 and [a.id for a in articles] == [f"a{n}" for n in range(len(articles))]


def test_unreadable_json_values_fail_only_their_line(tmp_path):
    path = tmp_path / "odd.jsonl"
    good = '{"id": "ok%d", "text": "Russia rejected the ceasefire proposal."}\n'
    path.write_text(good % 1 + '{"id": ' + "9" * 5_000 + ', "text": "x"}\n'
                    + '{"text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + good % 2, encoding="utf-8")
    first, long_number, deep, last = read(path)
    assert (first.id, last.id) == ("ok1", "ok2")
    assert isinstance(long_number, InputFailure) and "odd.jsonl:2: unreadable JSON: a number of more" in long_number.message
    assert isinstance(deep, InputFailure) and "odd.jsonl:3: unreadable JSON: arrays or objects nested" in deep.message


def test_utf32_jsonl_file_is_read(tmp_path):
    path = tmp_path / "utf32.jsonl"
    path.write_bytes(('\ufeff{"id": "k", "text": "Kyiv’s delegation met U.S. officials."}\n').encode("utf-32-le"))
    assert [a.id for a in read(path)] == ["k"]


@pytest.mark.parametrize("charset", ["undefined", "base64", "rot13", "no-such-codec"])
def test_page_declaring_a_charset_that_is_no_text_encoding_is_still_read(tmp_path, charset):
    path = tmp_path / "page.html"
    path.write_bytes(f'<html><head><meta charset="{charset}"><title>Talks</title></head><body><p>Russia rejected '
                     'the ceasefire proposal on Saturday, the caf\xe9 owner said.</p></body></html>'.encode("latin-1"))
    article = read_one(path)
    assert "Russia rejected the ceasefire" in article.text and "café" in article.text


def test_long_articles_are_cut_to_the_word_and_run_limits():
    from accord.ingest.text import build_article

    text = CEASEFIRE.read_text(encoding="utf-8")
    long = build_article(text * 80, article_id="long", options=IngestOptions(max_chars=10**7), default_date=None)
    assert len(long.text.split()) == IngestOptions().max_words
    assert any("max_words" in w for w in long.warnings)
    blob = build_article("Russia rejected it. " + "A" * 50_000 + " Ukraine agreed.", article_id="blob",
                         options=IngestOptions(), default_date=None)
    assert max(len(word) for word in blob.text.split()) == IngestOptions().max_word_chars
    assert blob.text.endswith("Ukraine agreed.") and any("max_word_chars" in w for w in blob.warnings)


BODY_YEAR_PAGE = ("<html><head><title>Talks</title></head><body><article><p>The government collapsed in 2019 "
                  "after protests. Russia rejected the ceasefire proposal on Tuesday, officials told reporters in "
                  "a long statement about the talks.</p></article></body></html>")


def test_html_date_never_comes_from_a_year_in_the_body(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(BODY_YEAR_PAGE, encoding="utf-8")
    assert read_one(page).date is None
    assert read_one(page, default_date="2025-03-13").date == "2025-03-13"  # not 2019-01-01


def test_deeply_nested_html_keeps_its_text(tmp_path):
    text = CEASEFIRE.read_text(encoding="utf-8").split("\n")[0]
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 400 + f"<p>{text}</p>" + "</div>" * 400 + "</body></html>",
                    encoding="utf-8")
    article = read_one(page)
    assert article.text == " ".join(text.split())
    assert not any(w.startswith("empty") for w in article.warnings)
