from sitrep.tasks.inputs.clean import clean_lines, is_furniture, normalize_unicode


def test_normalize_unicode_folds_spaces_and_strips_controls():
    text = "Air\u00a0strikes\u200b hit\x07 Raqqa\r\nnext\u2028line"
    assert normalize_unicode(text) == "Air strikes hit Raqqa\nnext\nline"


def test_nfkc_folds_compatibility_characters():
    assert normalize_unicode("ﬁve ＡＢＣ") == "five ABC"


def test_furniture_lines_are_recognised():
    for line in ["You are here", "Connect with us", "147 users have voted, including you.", "Newsletter",
                 "Continue Reading", "Share this article", "Related articles", "Advertisement", "PDF",
                 "Get top stories and blog posts emailed to you each day.", "|", "© 2017 Gulf Courier. All rights reserved.",
                 "Photo: Smoke rises over Eastern Ghouta (file)", "Image caption: Rescue workers in Douma"]:
        assert is_furniture(line), line


def test_prose_is_not_furniture():
    for line in ["Warplanes struck a market in Idlib on Thursday, killing five people.",
                 "The Observatory said 12 people were killed.", "Turkish shelling kills 14 militants",
                 "World leaders condemned the attack."]:
        assert not is_furniture(line), line


def test_caption_printed_twice_is_dropped_with_its_copy():
    text = "Headline here\nSmoke rises over a town after an airstrike, read more:\nSmoke rises over a town after an airstrike\nBody sentence about the strike."
    assert clean_lines(text) == ["Headline here", "Body sentence about the strike."]


def test_repeated_lines_keep_first_only():
    text = "Title of story\nTitle of story\nFirst paragraph.\n\nFirst paragraph."
    assert clean_lines(text) == ["Title of story", "First paragraph."]
