import pytest

from sitrep.tasks.ingest.decode import DecodeError, decode_bytes

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


def test_invalid_utf8_in_the_middle_keeps_the_good_text():
    good = "Air strikes on Idlib killed 12 people, activists said. " * 20
    data = good.encode() + b"\xff\xfe\xfa" + good.encode()
    text, used = decode_bytes(data)
    assert text == good + good
    assert "dropped" in used


@pytest.mark.parametrize("data,kind", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "PNG"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"PK\x03\x04" + b"\x00" * 40, "zip"),
    (bytes(range(256)) * 4, "NUL"),
])
def test_binary_files_are_refused_by_name(data, kind):
    with pytest.raises(DecodeError, match=kind):
        decode_bytes(data)
