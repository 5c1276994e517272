import pytest

from sitrep.tasks.inputs.decode import DecodeError, decode_bytes

ARABIC = "قتل خمسة مدنيين في غارة جوية على ريف إدلب يوم الخميس"


def test_utf8_and_bom():
    assert decode_bytes("Raqqa — strikes".encode("utf-8"))[0] == "Raqqa — strikes"
    assert decode_bytes(b"\xef\xbb\xbfhello")[0] == "hello"


@pytest.mark.parametrize("encoding,text", [
    ("cp1252", "Strikes on Ma’arrat al-Nu’man — “dozens” killed, café destroyed, naïve reports " * 3),
    ("latin-1", "Frappes aériennes à Alep: des civils tués près de l'hôpital, selon l'Observatoire " * 3),
    ("cp1256", ARABIC * 3),
])
def test_legacy_encodings_decode_to_the_same_text(encoding, text):
    decoded, used = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert used != "utf-8"


def test_stray_bytes_in_utf8_keep_the_good_text_and_lose_no_byte():
    good = "Air strikes on Idlib killed 12 people, activists said. " * 20
    data = good.encode() + b"\xff\xfe\xfa" + good.encode()
    text, used = decode_bytes(data)
    assert text == good + "ÿþú" + good     # every byte a character: nothing dropped in silence
    assert used == "cp1252"


# Issue 18.8: text damaged in silence. Each case varies the wording and the letters at stake.
@pytest.mark.parametrize("text", [
    "Café bombed in Aleppo: four killed near the café, police said",
    "Shelling near Ma'arrat: a señora and her niño among the dead, rescuers said",
    "Frappes à Alep — l'hôpital touché; 3 morts, selon l'OSDH",
])
@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_legacy_file_keeps_every_letter(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip("not in this code page")
    decoded, used = decode_bytes(data)
    assert decoded == text and used == "cp1252"


@pytest.mark.parametrize("utf8_part,legacy_part", [
    ("Blast in Homs café kills three — police\n", "A second café in Hama was hit, no one was hurt\n"),
    ("Strikes hit Idlib, “dozens” dead\n", "The naïve façade of calm ended at 5 a.m.\n"),
])
def test_a_file_mixing_utf8_and_cp1252_keeps_both(utf8_part, legacy_part):
    text, used = decode_bytes((utf8_part + legacy_part + utf8_part).encode("utf-8").replace(
        legacy_part.encode("utf-8"), legacy_part.encode("cp1252")))
    assert text == utf8_part + legacy_part + utf8_part
    assert used == "utf-8+cp1252"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(codec):
    text = "Jets struck Saraqib in Idlib on Monday, killing five people.\nRescuers said the toll could rise.\n"
    decoded, used = decode_bytes(text.encode(codec))
    assert decoded == text and used == f"{codec} (no BOM)"


@pytest.mark.parametrize("data", [
    "Strikes in Idlib killed five".encode("utf-16")[:-1],                       # truncated tail
    b"\xff\xfe" + "Strikes in Idlib ".encode("utf-16-le") + b"\x00\xd8" + "killed five".encode("utf-16-le"),  # lone surrogate
])
def test_damaged_utf16_is_refused_with_its_reason(data):
    with pytest.raises(DecodeError, match="damaged UTF-16"):
        decode_bytes(data)


@pytest.mark.parametrize("data,kind", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "PNG"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"PK\x03\x04" + b"\x00" * 40, "zip"),
    (bytes(range(256)) * 4, "NUL"),
    (b"RIFF\x24\x08\x00\x00WAVEfmt " + b"\x10" * 20, "RIFF"),
])
def test_binary_files_are_refused_by_name(data, kind):
    with pytest.raises(DecodeError, match=kind):
        decode_bytes(data)


@pytest.mark.parametrize("text", ["RIFF", "RIFF raid kills three in Aleppo", "PK shelling"])
def test_text_that_begins_like_a_signature_is_text(text):
    assert decode_bytes(text.encode())[0] == text
