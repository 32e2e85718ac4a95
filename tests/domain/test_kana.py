from desk_app.domain.kana import fold_kana, fold_name, is_kana, to_katakana_reading


def test_hiragana_katakana_and_half_width_fold_alike():
    assert fold_kana("やまだ たろう") == fold_kana("ヤマダ　タロウ") == fold_kana("ﾔﾏﾀﾞ ﾀﾛｳ") == "ヤマダタロウ"


def test_long_vowel_and_small_kana_are_kept():
    assert fold_kana("きょうこ") == "キョウコ"
    assert fold_kana("ルーペ") == "ルーペ"


def test_is_kana():
    assert is_kana("さとう") and is_kana("ｻﾄｳ") and is_kana("サトウ ハナ")
    assert not is_kana("佐藤") and not is_kana("sato") and not is_kana("")


def test_name_fold_is_width_and_space_insensitive():
    assert fold_name("山田　太郎") == fold_name("山田 太郎") == "山田太郎"
    assert fold_name("ＳＡＴＯ") == "sato"


def test_reading_is_stored_in_katakana():
    assert to_katakana_reading("やまだ たろう") == "ヤマダ\u3000タロウ"
