<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AnalysisWindow</name>
    <message>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Recalculate</source>
        <translation>再計算</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>印刷…</translation>
    </message>
    <message>
        <source>Save as PNG/PDF…</source>
        <translation>PNG/PDF保存…</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>基準日</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>比較する日</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起点の日</translation>
    </message>
    <message>
        <source>to the as-of date; rows: segment then, columns: now (count and share of the row)</source>
        <translation>から基準日まで。行：起点の日のステージ、列：基準日のステージ（人数と行に占める割合）</translation>
    </message>
    <message>
        <source>Rows: recency score R (5 = bought recently); columns: frequency score F. Darker cells spend more (mean M).</source>
        <translation>行：最終購入日のスコア R（5＝最近購入）、列：購入回数のスコア F。色が濃いほど累計購入金額が多い（M の平均）。</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>顧客ステージ</translation>
    </message>
    <message>
        <source>NPS: % answering 9–10 minus % answering 0–6 to “how likely are you to recommend us”</source>
        <translation>NPS：推奨度（0〜10）で 9〜10 と答えた割合 − 0〜6 と答えた割合</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>顧客ステージ</translation>
    </message>
    <message>
        <source>Month-ends</source>
        <translation>月末推移</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>ステージ推移</translation>
    </message>
    <message>
        <source>F2/F3 conversion</source>
        <translation>F2・F3転換率</translation>
    </message>
    <message>
        <source>RFM grid</source>
        <translation>RFM表</translation>
    </message>
    <message>
        <source>Customer voices</source>
        <translation>お客様の声</translation>
    </message>
    <message>
        <source>Loading the orders…</source>
        <translation>受注を読み込んでいます…</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>全ステージ</translation>
    </message>
    <message>
        <source>Could not calculate: %1</source>
        <translation>計算できませんでした：%1</translation>
    </message>
    <message>
        <source>Calculating…</source>
        <translation>計算しています…</translation>
    </message>
    <message>
        <source>Customers on %1</source>
        <translation>%1の人数</translation>
    </message>
    <message>
        <source>On %1</source>
        <translation>%1時点</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>増減</translation>
    </message>
    <message>
        <source>Revenue, last 12 months</source>
        <translation>直近12か月の売上</translation>
    </message>
    <message>
        <source>Total spent to date</source>
        <translation>累計購入金額</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>First purchase in %1</source>
        <translation>%1に初回購入</translation>
    </message>
    <message>
        <source>Second purchase, first in %1</source>
        <translation>2回目購入あり（初回%1）</translation>
    </message>
    <message>
        <source>Third purchase, first in %1</source>
        <translation>3回目購入あり（初回%1）</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>初回購入の人数</translation>
    </message>
    <message>
        <source>F2</source>
        <translation>F2（2回目購入）</translation>
    </message>
    <message>
        <source>F2 rate</source>
        <translation>F2転換率</translation>
    </message>
    <message>
        <source>F3</source>
        <translation>F3（3回目購入）</translation>
    </message>
    <message>
        <source>F3 rate</source>
        <translation>F3転換率</translation>
    </message>
    <message>
        <source>As of %1: %2 customers.</source>
        <translation>%1時点：顧客 %2 人。</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>クレーム</translation>
    </message>
    <message>
        <source>Praise</source>
        <translation>お褒め</translation>
    </message>
    <message>
        <source>Recommend answers</source>
        <translation>推奨度の回答数</translation>
    </message>
    <message>
        <source>NPS</source>
        <translation>NPS</translation>
    </message>
    <message>
        <source>Save as PNG/PDF</source>
        <translation>PNG/PDF保存</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;PNG image (*.png)</source>
        <translation>PDF (*.pdf);;PNG画像 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 に書き込めませんでした。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Database error: %1</source>
        <translation>データベースのエラー: %1</translation>
    </message>
    <message>
        <source>Creating the demo shop (%1 customers)…</source>
        <translation>デモ用のお店を作成しています（顧客 %1 件）…</translation>
    </message>
    <message>
        <source>The settings could not be read, so the desk starts with default settings. The old settings were kept for your administrator (the log says where).

%1</source>
        <translation>設定を読めないため、既定の設定で起動します。元の設定は管理者のために残してあります（場所はログに記録しました）。

%1</translation>
    </message>
    <message>
        <source>Phone Order Desk</source>
        <translation>電話受注デスク</translation>
    </message>
    <message>
        <source>Caller ID could not start: %1</source>
        <translation>発信者番号の受信を開始できません: %1</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <source>Monday</source>
        <translation>月曜日</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>火曜日</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>水曜日</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>木曜日</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>金曜日</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>土曜日</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>日曜日</translation>
    </message>
    <message>
        <source>Closed on Japanese public holidays</source>
        <translation>祝日は休業</translation>
    </message>
    <message>
        <source>Add closed day</source>
        <translation>休業日を追加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Save business days</source>
        <translation>営業日を保存</translation>
    </message>
    <message>
        <source>Closed every week</source>
        <translation>定休日（毎週）</translation>
    </message>
    <message>
        <source>The shop&apos;s own closed days</source>
        <translation>臨時休業日（年末年始・お盆など）</translation>
    </message>
    <message>
        <source>Letters due on a closed day move to the next open day; parcels leave on open days only.</source>
        <translation>休業日に当たるお便りは次の営業日に回ります。商品の出荷も営業日だけです。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>保存しました。</translation>
    </message>
</context>
<context>
    <name>CallLog</name>
    <message>
        <source>Shared by a family (%1)</source>
        <translation>家族共用（%1名）</translation>
    </message>
</context>
<context>
    <name>CallLogView</name>
    <message>
        <source>All days</source>
        <translation>全期間</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>全担当者</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>回線</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>発信者番号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日付</translation>
    </message>
</context>
<context>
    <name>CallPopup</name>
    <message>
        <source>Ringing</source>
        <translation>呼出中</translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation>お客様を検索しています…</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>応対メモ</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新規受注</translation>
    </message>
    <message>
        <source>Repeat last order</source>
        <translation>前回と同じ内容で受注</translation>
    </message>
    <message>
        <source>Write note</source>
        <translation>応対メモ</translation>
    </message>
    <message>
        <source>Register new customer</source>
        <translation>新規顧客登録</translation>
    </message>
    <message>
        <source>Open card</source>
        <translation>顧客カード</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>顧客情報の修正</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Call: %1</source>
        <translation>着信 %1</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>着信 %1</translation>
    </message>
    <message>
        <source>Search by name or reading in the search box (Ctrl+F).</source>
        <translation>検索欄にお名前かフリガナを入力してください（Ctrl+F）。</translation>
    </message>
    <message>
        <source>This number is not registered.</source>
        <translation>この番号は登録されていません。</translation>
    </message>
    <message>
        <source>%1 — F8 opens the pop-up</source>
        <translation>%1 — F8で着信を開く</translation>
    </message>
    <message>
        <source>F8 opens the pop-up</source>
        <translation>F8で着信を開く</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>不在着信</translation>
    </message>
    <message>
        <source>Answered elsewhere</source>
        <translation>他の電話で応答</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>応答</translation>
    </message>
    <message>
        <source>Unsaved note</source>
        <translation>未保存の応対メモ</translation>
    </message>
    <message>
        <source>The note is not saved. Save it now?</source>
        <translation>応対メモが保存されていません。保存しますか？</translation>
    </message>
</context>
<context>
    <name>Chips</name>
    <message>
        <source>No address on file — ask for it on this call</source>
        <translation>住所未登録 — 住所を伺ってください</translation>
    </message>
    <message>
        <source>%1: enter the address</source>
        <translation>%1で住所を入力</translation>
    </message>
</context>
<context>
    <name>ChooserView</name>
    <message>
        <source>Several customers share this number</source>
        <translation>該当する顧客が複数います</translation>
    </message>
    <message>
        <source>Press 1–9 or choose and press Enter.</source>
        <translation>1〜9 のキー、または選んで Enter を押してください。</translation>
    </message>
</context>
<context>
    <name>CustomerCardView</name>
    <message>
        <source>Search for a customer and press Enter to open the card.</source>
        <translation>顧客を検索し、Enter で顧客カードを開きます。</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新規受注</translation>
    </message>
    <message>
        <source>Repeat last order</source>
        <translation>前回と同じ内容で受注</translation>
    </message>
    <message>
        <source>Write note</source>
        <translation>応対メモ</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>顧客情報の修正</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>購入回数</translation>
    </message>
    <message>
        <source>Total spent</source>
        <translation>累計購入金額</translation>
    </message>
    <message>
        <source>First order</source>
        <translation>初回購入日</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最終購入日</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登録日</translation>
    </message>
    <message>
        <source>Order history</source>
        <translation>受注履歴</translation>
    </message>
    <message>
        <source>Conversation notes</source>
        <translation>応対履歴</translation>
    </message>
</context>
<context>
    <name>CustomerChooser</name>
    <message>
        <source>Customer code, phone or reading (Enter searches)</source>
        <translation>顧客番号・電話番号・フリガナ（Enterで検索）</translation>
    </message>
    <message>
        <source>No phone number</source>
        <translation>電話番号なし</translation>
    </message>
    <message>
        <source>No address on file (ask for the address on the next call)</source>
        <translation>住所未登録（次回のお電話で住所を伺ってください）</translation>
    </message>
    <message>
        <source>%1 (%2)  customer code %3</source>
        <translation>%1（%2） 顧客番号 %3</translation>
    </message>
    <message>
        <source>%1 %2 (%3) %4 %5</source>
        <translation>%1 %2（%3） %4 %5</translation>
    </message>
    <message>
        <source>No customer found.</source>
        <translation>該当する顧客がいません</translation>
    </message>
</context>
<context>
    <name>CustomerEditDialog</name>
    <message>
        <source>DM allowed</source>
        <translation>DM送付 可</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>会社名</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部署名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>郵便番号</translation>
    </message>
    <message>
        <source>Prefecture</source>
        <translation>都道府県</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市区町村</translation>
    </message>
    <message>
        <source>Town and number</source>
        <translation>番地</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>建物名</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Caution</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Edit customer — %1 No.%2</source>
        <translation>顧客情報の修正 — %1 No.%2</translation>
    </message>
    <message>
        <source>%1  No.%2</source>
        <translation>%1  No.%2</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>変更前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>変更後</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>顧客情報</translation>
    </message>
    <message>
        <source>Change history</source>
        <translation>変更履歴（誰が・いつ・何を）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Nothing has changed.</source>
        <translation>変更はありません。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>保存しました。</translation>
    </message>
    <message>
        <source>Please check the entries marked in red.</source>
        <translation>赤で示した項目を確認してください。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存できません: %1</translation>
    </message>
    <message>
        <source>Undo of import No. %1 (%2)</source>
        <translation>取込 No.%1 の取り消し（%2）</translation>
    </message>
    <message>
        <source>Undo of import No. %1</source>
        <translation>取込 No.%1 の取り消し</translation>
    </message>
    <message>
        <source>Import No. %1 (%2)</source>
        <translation>取込 No.%1（%2）</translation>
    </message>
    <message>
        <source>Import No. %1</source>
        <translation>取込 No.%1</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>顧客情報の修正</translation>
    </message>
    <message>
        <source>Discard the changes?</source>
        <translation>変更を破棄しますか？</translation>
    </message>
    <message>
        <source>Caution flags</source>
        <translation>注意の区分</translation>
    </message>
</context>
<context>
    <name>CustomerFields</name>
    <message>
        <source>Katakana (hiragana is converted)</source>
        <translation>カタカナ（ひらがなも可）</translation>
    </message>
    <message>
        <source>123-4567 (Enter looks up the address)</source>
        <translation>123-4567（Enterで住所検索）</translation>
    </message>
    <message>
        <source>1970/3/1 or S45.3.1 or 昭和45年3月1日</source>
        <translation>1970/3/1、S45.3.1、昭和45年3月1日 など</translation>
    </message>
    <message>
        <source>Find address</source>
        <translation>住所検索</translation>
    </message>
    <message>
        <source>DM allowed</source>
        <translation>DM送付 可</translation>
    </message>
    <message>
        <source>Add phone number</source>
        <translation>電話番号を追加</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>会社名</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部署名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>郵便番号</translation>
    </message>
    <message>
        <source>Prefecture</source>
        <translation>都道府県</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市区町村</translation>
    </message>
    <message>
        <source>Town and number</source>
        <translation>番地</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>建物名</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Caution</source>
        <translation>注意</translation>
    </message>
</context>
<context>
    <name>CustomerHeader</name>
    <message>
        <source>Caution</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>%1</source>
        <comment>customer name with honorific</comment>
        <translation>%1 様</translation>
    </message>
    <message>
        <source>(no name on file)</source>
        <translation>（氏名未登録）</translation>
    </message>
    <message>
        <source>No.%1</source>
        <translation>No.%1</translation>
    </message>
</context>
<context>
    <name>CustomerListDialog</name>
    <message>
        <source>Customers: %1</source>
        <translation>顧客一覧：%1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込んでいます…</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>顧客番号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>顧客ステージ</translation>
    </message>
    <message>
        <source>RFM</source>
        <translation>RFM</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最終購入日</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>購入回数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>累計購入金額</translation>
    </message>
    <message>
        <source>DM</source>
        <translation>DM送付</translation>
    </message>
    <message>
        <source>Only customers who allow DM</source>
        <translation>DM送付 可 のお客様のみ</translation>
    </message>
    <message>
        <source>Export to CSV…</source>
        <translation>CSV出力…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>文字コード</translation>
    </message>
    <message>
        <source>%1 customers (the first %2 are shown; the export writes all)</source>
        <translation>%1 人（先頭の %2 人を表示。CSV出力は全員分です）</translation>
    </message>
    <message>
        <source>%1 customers</source>
        <translation>%1 人</translation>
    </message>
    <message>
        <source>Could not load the list: %1</source>
        <translation>一覧を読み込めませんでした：%1</translation>
    </message>
    <message>
        <source>Export personal data</source>
        <translation>個人情報の出力</translation>
    </message>
    <message>
        <source>This writes the names, addresses and phone numbers of %1 customers to a file. The desk records who exported them, when, and how many. Continue?</source>
        <translation>お客様 %1 人の氏名・住所・電話番号をファイルに書き出します。誰が・いつ・何件出力したかが記録されます。よろしいですか？</translation>
    </message>
    <message>
        <source>Export to CSV</source>
        <translation>CSV出力</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSVファイル (*.csv)</translation>
    </message>
    <message>
        <source>%1 customers written to %2.</source>
        <translation>%1 人分を %2 に出力しました。</translation>
    </message>
    <message>
        <source>%1 characters have no CP932 form and were written as 〓: check those names before the letters go out.</source>
        <translation>%1 文字は CP932 にないため 〓 で出力しました。発送前にその氏名・住所を確認してください。</translation>
    </message>
</context>
<context>
    <name>DaySlipsDialog</name>
    <message>
        <source>Delivery slips for a ship date</source>
        <translation>出荷分の納品書</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>印刷プレビュー…</translation>
    </message>
    <message>
        <source>Every order leaving the shop that day (the Yamato export&apos;s ship date), one slip per page</source>
        <translation>その日に出荷する受注すべて（ヤマトB2用CSV出力と同じ出荷予定日）、1件1ページ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Ship date</source>
        <translation>出荷予定日</translation>
    </message>
</context>
<context>
    <name>DeliveryPanel</name>
    <message>
        <source>Choose a date</source>
        <translation>日付指定</translation>
    </message>
    <message>
        <source>No noshi</source>
        <translation>のしなし</translation>
    </message>
    <message>
        <source>Name on noshi</source>
        <translation>名入れ</translation>
    </message>
    <message>
        <source>Outer noshi</source>
        <translation>外のし</translation>
    </message>
    <message>
        <source>Inner noshi</source>
        <translation>内のし</translation>
    </message>
    <message>
        <source>Only when it is not the orderer</source>
        <translation>ご注文者と異なる場合のみ</translation>
    </message>
    <message>
        <source>Gift wrapping</source>
        <translation>ギフト包装</translation>
    </message>
    <message>
        <source>Delivery date</source>
        <translation>お届け希望日</translation>
    </message>
    <message>
        <source>Time slot</source>
        <translation>時間帯</translation>
    </message>
    <message>
        <source>Noshi (inscription)</source>
        <translation>のし（表書き）</translation>
    </message>
    <message>
        <source>Gift sender</source>
        <translation>ご依頼主</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>earliest %1/%2 (%3)</source>
        <translation>最短 %1/%2（%3）</translation>
    </message>
</context>
<context>
    <name>DeskTray</name>
    <message>
        <source>Phone Order Desk</source>
        <translation>電話受注デスク</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>DevicePage</name>
    <message>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>USB ID (VID:PID)</source>
        <translation>USB ID（VID:PID）</translation>
    </message>
    <message>
        <source>Serial no.</source>
        <translation>シリアル番号</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>再読み込み</translation>
    </message>
    <message>
        <source>e.g. /dev/ttyUSB0, COM3 or usb:0572:1340</source>
        <translation>例: COM3、/dev/ttyUSB0、usb:0572:1340</translation>
    </message>
    <message>
        <source>Find by USB ID (survives renumbering)</source>
        <translation>USB IDで指定する（ポート番号が変わっても同じ機器を使います）</translation>
    </message>
    <message>
        <source>Save the adapter&apos;s USB ID instead of its port name, so the desk finds it again after it is plugged into another socket.</source>
        <translation>ポート名の代わりにアダプタのUSB IDを保存します。別の差込口に挿し直しても同じ機器を見つけます。</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>標準</translation>
    </message>
    <message>
        <source>Japan (AT+GCI=00, AT+VCDT=3)</source>
        <translation>日本（AT+GCI=00、AT+VCDT=3）</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>シリアルポート</translation>
    </message>
    <message>
        <source>Ports on this PC</source>
        <translation>このPCのポート</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Modem settings</source>
        <translation>モデムの設定</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>NCID server</source>
        <translation>NCIDサーバー</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>待受アドレス</translation>
    </message>
    <message>
        <source>0.0.0.0 (every network)</source>
        <translation>0.0.0.0（すべてのネットワーク）</translation>
    </message>
    <message>
        <source>A modem with caller ID (NMBR = …) on a serial or USB port.</source>
        <translation>発信者番号に対応したモデム（NMBR = …）をシリアルまたはUSBポートで使います。</translation>
    </message>
    <message>
        <source>A Number Display adapter of the ALOHA USB kind (9600 bit/s, 7E1).</source>
        <translation>アロハUSB型のナンバー・ディスプレイアダプタです（9600bps、7E1）。</translation>
    </message>
    <message>
        <source>A Whozz Calling unit in TCI mode on a serial port.</source>
        <translation>TCIモードのWhozz Callingをシリアルポートで使います。</translation>
    </message>
    <message>
        <source>A NetCallerID box on a serial port (4800 bit/s).</source>
        <translation>NetCallerIDをシリアルポートで使います（4800bps）。</translation>
    </message>
    <message>
        <source>An NCID server that shares one modem with several desks.</source>
        <translation>1台のモデムを複数のデスクで共有するNCIDサーバーです。</translation>
    </message>
    <message>
        <source>A Whozz Calling Ethernet Link; it sends each call over UDP.</source>
        <translation>Whozz Calling（イーサネット）です。着信ごとにUDPで送られてきます。</translation>
    </message>
    <message>
        <source>A YAC server; it connects to this PC for each call.</source>
        <translation>YACサーバーです。着信ごとにこのPCへ接続してきます。</translation>
    </message>
    <message>
        <source>The desk registers as an extension of the router or PBX: see the SIP tab.</source>
        <translation>ルーター／PBXの内線として登録します。「SIP（内線）」タブで設定してください。</translation>
    </message>
    <message>
        <source>Simulated calls with numbers from the customer list, for practice.</source>
        <translation>練習用に、顧客の電話番号で模擬着信を発生させます。</translation>
    </message>
    <message>
        <source>No caller ID: search and notes work, calls do not pop up.</source>
        <translation>発信者番号を受け取りません。検索や応対メモは使えますが、着信画面は出ません。</translation>
    </message>
    <message>
        <source>Choose the serial port the device is plugged into.</source>
        <translation>機器をつないだシリアルポートを選んでください。</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>Duplicate check</source>
        <translation>重複チェック</translation>
    </message>
    <message>
        <source>A customer with the same name and reading, or the same phone number, is already registered.</source>
        <translation>同じ氏名・フリガナ、または同じ電話番号のお客様がすでに登録されています。</translation>
    </message>
    <message>
        <source>Use this customer</source>
        <translation>このお客様で対応</translation>
    </message>
    <message>
        <source>Register as a different person</source>
        <translation>別のお客様として登録</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
</context>
<context>
    <name>FigureTable</name>
    <message>
        <source>Click to list these customers</source>
        <translation>クリックでこのお客様の一覧を表示</translation>
    </message>
</context>
<context>
    <name>Fmt</name>
    <message>
        <source>%1 様</source>
        <comment>a customer named in a heading</comment>
        <translation>%1 様</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>name and its kana</comment>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>FollowWindow</name>
    <message>
        <source>Today&apos;s follow-ups</source>
        <translation>本日のフォロー</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>すべての送付方法</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>フォロー</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>顧客番号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>顧客ステージ</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Phone / usual hours</source>
        <translation>電話・つながりやすい時間帯</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>本日分</translation>
    </message>
    <message>
        <source>Address missing</source>
        <translation>住所未登録</translation>
    </message>
    <message>
        <source>Printed today</source>
        <translation>本日印刷済み</translation>
    </message>
    <message>
        <source>Ask these customers for their address at their next call; the letter joins the next list.</source>
        <translation>次のお電話で住所を伺ってください。住所が登録されると次の一覧に入ります。</translation>
    </message>
    <message>
        <source>List</source>
        <translation>一覧表</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>手紙</translation>
    </message>
    <message>
        <source>Address labels</source>
        <translation>宛名ラベル</translation>
    </message>
    <message>
        <source>Postcards</source>
        <translation>はがき</translation>
    </message>
    <message>
        <source>from label </source>
        <translation>開始位置 </translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>印刷プレビュー…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>印刷…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>PDF保存…</translation>
    </message>
    <message>
        <source>Rules…</source>
        <translation>ルール設定…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>印刷</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>手紙</translation>
    </message>
    <message>
        <source>Postcard</source>
        <translation>はがき</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込んでいます…</translation>
    </message>
    <message>
        <source>All follow-ups (%1)</source>
        <translation>すべてのフォロー (%1)</translation>
    </message>
    <message>
        <source>%1 due, %2 shown</source>
        <translation>%1件（表示 %2件）</translation>
    </message>
    <message>
        <source>Nothing to print for this selection.</source>
        <translation>この条件で印刷するものはありません。</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>PDF保存</translation>
    </message>
    <message>
        <source>Did all %1 print correctly? They will be recorded as reprinted.</source>
        <translation>%1件とも正しく印刷できましたか？「はい」で再印刷として記録します。</translation>
    </message>
    <message>
        <source>Did all %1 print correctly? They will be marked printed and will not come again.</source>
        <translation>%1件とも正しく印刷できましたか？「はい」で印刷済みにします（次の一覧には出ません）。</translation>
    </message>
</context>
<context>
    <name>HeaderPanel</name>
    <message>
        <source>New order</source>
        <translation>新規受注</translation>
    </message>
    <message>
        <source>Caution</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>New order (choose the customer)</source>
        <translation>新規受注（顧客を選んでください）</translation>
    </message>
    <message>
        <source>%1</source>
        <comment>customer name with honorific</comment>
        <translation>%1 様</translation>
    </message>
    <message>
        <source>Customer code %1 / Ordered %2 / Total %3 / Last order %4</source>
        <translation>顧客番号 %1 ／ 購入回数 %2 ／ 累計 %3 ／ 最終購入日 %4</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>要対応</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import history</source>
        <translation>取り込み</translation>
    </message>
    <message>
        <source>Choose a CSV or TSV file</source>
        <translation>CSV または TSV のファイルを選んでください</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Past sales</source>
        <translation>売上履歴</translation>
    </message>
    <message>
        <source>Customer master</source>
        <translation>顧客情報</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自動判定</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>文字コード</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Check (dry run)</source>
        <translation>取込前の確認</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>取り込む</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Import list…</source>
        <translation>取込の履歴…</translation>
    </message>
    <message>
        <source>CSV or TSV (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV・TSV (*.csv *.tsv *.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Reading the start of the file…</source>
        <translation>ファイルの先頭を読んでいます…</translation>
    </message>
    <message>
        <source>%1, %2 columns</source>
        <translation>%1、%2列</translation>
    </message>
    <message>
        <source>Run the check first.</source>
        <translation>先に「取込前の確認」を行ってください。</translation>
    </message>
    <message>
        <source>Checking the whole file…</source>
        <translation>ファイル全体を確認しています…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>取り込んでいます…</translation>
    </message>
    <message>
        <source>Cancelling after this checkpoint… the sales written so far stay (undo removes the whole import).</source>
        <translation>この区切りで中止しています…書き込み済みの売上は残ります（取り消すと取込全体を戻せます）。</translation>
    </message>
    <message>
        <source>Cancelling after this checkpoint… the new customers registered so far stay (undo removes the whole import).</source>
        <translation>この区切りで中止しています…登録済みの新規顧客は残ります（取り消すと取込全体を戻せます）。</translation>
    </message>
    <message>
        <source>Cancelling… nothing will be written.</source>
        <translation>中止しています…何も書き込みません。</translation>
    </message>
    <message>
        <source>Could not import: %1</source>
        <translation>取り込めませんでした: %1</translation>
    </message>
    <message>
        <source>Save rejected rows</source>
        <translation>エラー行の保存</translation>
    </message>
    <message>
        <source>%1 rejected rows saved to %2</source>
        <translation>エラー行 %1 件を %2 に保存しました</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <source>Import list</source>
        <translation>取込の履歴</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Imported at</source>
        <translation>取込日時</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>取込</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新規顧客</translation>
    </message>
    <message>
        <source>Rows with errors</source>
        <translation>エラー行</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>取り消し日時</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Undo import…</source>
        <translation>取込の取り消し…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Past sales</source>
        <translation>売上履歴</translation>
    </message>
    <message>
        <source>Customer master</source>
        <translation>顧客情報</translation>
    </message>
    <message>
        <source>Nothing has been imported yet.</source>
        <translation>まだ取込はありません。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>取込の取り消し</translation>
    </message>
    <message>
        <source>Undo import No. %1 (%2, %3 imported)?
The customers it brought in are removed, unless they have since had an order, a note or a call.</source>
        <translation>取込 No.%1（%2、%3件）を取り消しますか？
この取込で登録された顧客を削除します（その後に受注・応対メモ・着信があった顧客は残します）。</translation>
    </message>
    <message>
        <source>Undo import No. %1 (%2, %3 imported)?
What it filled in for customers already in the store is taken back.</source>
        <translation>取込 No.%1（%2、%3件）を取り消しますか？
既存顧客に補った情報を元に戻します。</translation>
    </message>
    <message>
        <source>Undo import No. %1 (%2, %3 imported)?
Its sales are removed, and the customers it brought in unless they have since had an order, a note or a call.</source>
        <translation>取込 No.%1（%2、%3件）を取り消しますか？
この取込の売上を削除します。この取込で登録された顧客も、その後に受注・応対メモ・着信がなければ削除します。</translation>
    </message>
    <message>
        <source>Customers it brought in and kept, as they have since had an order, a note or a call: %1</source>
        <translation>その後に受注・応対メモ・着信があったため残した顧客: %1 件</translation>
    </message>
    <message>
        <source>Undoing import No. %1…</source>
        <translation>取込 No.%1 を取り消しています…</translation>
    </message>
    <message>
        <source>Undo import No. %1 (%2, %3 imported)?
The customers it brought in are removed, unless they have since had an order, a note or a call; what it filled in for customers already in the store is taken back.</source>
        <translation>取込 No.%1（%2、%3件）を取り消しますか？
この取込で登録された顧客を削除します（その後に受注・応対メモ・着信があった顧客は残します）。既存顧客に補った情報は元に戻します。</translation>
    </message>
    <message>
        <source>Import No. %1 undone: sales removed %2, customers removed %3.</source>
        <translation>取込 No.%1 を取り消しました（削除した売上 %2 件・顧客 %3 件）。</translation>
    </message>
    <message>
        <source>Customers whose filled-in details were taken back: %1</source>
        <translation>補った情報を元に戻した顧客: %1 件</translation>
    </message>
    <message>
        <source>Could not undo the import: %1</source>
        <translation>取込を取り消せませんでした: %1</translation>
    </message>
</context>
<context>
    <name>ItemsPanel</name>
    <message>
        <source>Product code</source>
        <translation>商品コード</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>商品名</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price (tax incl.)</source>
        <translation>単価（税込）</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>Product code, name or reading (Enter adds)</source>
        <translation>商品コード・商品名・フリガナ（Enterで追加）</translation>
    </message>
    <message>
        <source>F2: go here / Enter: add / F001*3: add three / ↓: to the matches</source>
        <translation>F2: ここへ移動 ／ Enter: 追加 ／ F001*3: 3個追加 ／ ↓: 検索結果へ</translation>
    </message>
    <message>
        <source>Type to change the quantity or unit price / Delete: remove the line</source>
        <translation>数量・単価は入力して変更 ／ Delete: 行を削除</translation>
    </message>
    <message>
        <source>Product code “%1” is not registered.</source>
        <translation>商品コード「%1」は登録されていません。</translation>
    </message>
    <message>
        <source>“%1” is no longer sold.</source>
        <translation>「%1」は販売を終了しています。</translation>
    </message>
    <message>
        <source>Enter a whole-number quantity from 1 to %1.</source>
        <translation>数量は1〜%1の整数で入力してください。</translation>
    </message>
    <message>
        <source>Enter the unit price in whole yen (0 or more).</source>
        <translation>単価は0円以上の整数で入力してください。</translation>
    </message>
    <message>
        <source>No product matches “%1”. Check the product code, name or reading.</source>
        <translation>「%1」に当たる商品がありません。商品コードか商品名・フリガナを確かめてください。</translation>
    </message>
</context>
<context>
    <name>KnownView</name>
    <message>
        <source>Orders</source>
        <translation>購入回数</translation>
    </message>
    <message>
        <source>Total spent</source>
        <translation>累計購入金額</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最終購入日</translation>
    </message>
    <message>
        <source>Recent orders</source>
        <translation>最近の受注</translation>
    </message>
    <message>
        <source>Conversation notes</source>
        <translation>応対履歴</translation>
    </message>
    <message>
        <source>No address on file: ask for it on this call.</source>
        <translation>住所未登録: 次回のお電話で住所を伺ってください</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>要対応</translation>
    </message>
    <message>
        <source>No notes yet.</source>
        <translation>応対履歴はまだありません。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>%1 (%2), age %3</source>
        <translation>%1（%2）%3歳</translation>
    </message>
    <message>
        <source>today</source>
        <translation>本日</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n日前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n time(s)</source>
        <translation>
            <numerusform>%n回</numerusform>
        </translation>
    </message>
    <message>
        <source>Order</source>
        <comment>note category</comment>
        <translation>注文</translation>
    </message>
    <message>
        <source>Inquiry</source>
        <comment>note category</comment>
        <translation>問い合わせ</translation>
    </message>
    <message>
        <source>Complaint</source>
        <comment>note category</comment>
        <translation>クレーム</translation>
    </message>
    <message>
        <source>Praise</source>
        <comment>note category</comment>
        <translation>お褒め</translation>
    </message>
    <message>
        <source>Other</source>
        <comment>note category</comment>
        <translation>その他</translation>
    </message>
    <message>
        <source>Ringing</source>
        <comment>call outcome</comment>
        <translation>呼出中</translation>
    </message>
    <message>
        <source>Note</source>
        <comment>call outcome</comment>
        <translation>応対メモ</translation>
    </message>
    <message>
        <source>Order</source>
        <comment>call outcome</comment>
        <translation>受注</translation>
    </message>
    <message>
        <source>Missed</source>
        <comment>call outcome</comment>
        <translation>不在</translation>
    </message>
    <message>
        <source>Answered elsewhere</source>
        <comment>call outcome</comment>
        <translation>他の電話で応答</translation>
    </message>
    <message>
        <source>Internal</source>
        <comment>call outcome</comment>
        <translation>内線</translation>
    </message>
    <message>
        <source>From server log</source>
        <comment>call outcome</comment>
        <translation>履歴取込</translation>
    </message>
    <message>
        <source>Hung up (blacklist)</source>
        <comment>call outcome</comment>
        <translation>自動切断</translation>
    </message>
    <message>
        <source>Blocked</source>
        <comment>call outcome</comment>
        <translation>着信拒否</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <comment>call outcome</comment>
        <translation>発信</translation>
    </message>
    <message>
        <source>Ended</source>
        <comment>call outcome</comment>
        <translation>終了</translation>
    </message>
    <message>
        <source>Answered</source>
        <comment>call outcome</comment>
        <translation>応答</translation>
    </message>
    <message>
        <source>Called back</source>
        <comment>call outcome</comment>
        <translation>折り返し済み</translation>
    </message>
    <message>
        <source>Order taken</source>
        <comment>call outcome</comment>
        <translation>受注あり</translation>
    </message>
    <message>
        <source>No caller ID</source>
        <translation>番号通知なし</translation>
    </message>
    <message>
        <source>Withheld</source>
        <translation>非通知</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>表示圏外</translation>
    </message>
    <message>
        <source>Payphone</source>
        <translation>公衆電話</translation>
    </message>
    <message>
        <source>Unavailable (service conflict)</source>
        <translation>表示圏外（サービス競合）</translation>
    </message>
    <message>
        <source>Receive error</source>
        <translation>受信エラー</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>回線%1</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>自宅</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>携帯</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>勤務先</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>FAX</translation>
    </message>
    <message>
        <source>DM: yes</source>
        <translation>DM送付 可</translation>
    </message>
    <message>
        <source>DM: no</source>
        <translation>DM送付 不可</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Phone Order Desk</source>
        <translation>電話受注デスク</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Call log</source>
        <translation>着信履歴</translation>
    </message>
    <message>
        <source>Missed calls</source>
        <translation>不在着信一覧</translation>
    </message>
    <message>
        <source>Customer voices</source>
        <translation>お客様の声</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>最近の着信</translation>
    </message>
    <message>
        <source>Caller ID: not connected</source>
        <translation>発信者番号: 未接続</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Import history…</source>
        <translation>取り込み…</translation>
    </message>
    <message>
        <source>Import list…</source>
        <translation>取込の履歴…</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>デスク(&amp;D)</translation>
    </message>
    <message>
        <source>Register new customer</source>
        <translation>新規顧客登録</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新規受注</translation>
    </message>
    <message>
        <source>Product catalogue…</source>
        <translation>商品マスタ…</translation>
    </message>
    <message>
        <source>Order list…</source>
        <translation>受注一覧…</translation>
    </message>
    <message>
        <source>Payment check…</source>
        <translation>入金確認…</translation>
    </message>
    <message>
        <source>Yamato B2 CSV export…</source>
        <translation>ヤマトB2用CSV出力…</translation>
    </message>
    <message>
        <source>Delivery slips for a ship date…</source>
        <translation>出荷分の納品書…</translation>
    </message>
    <message>
        <source>Analysis…</source>
        <translation>分析…</translation>
    </message>
    <message>
        <source>Today&apos;s follow-ups…</source>
        <translation>本日のフォロー…</translation>
    </message>
    <message>
        <source>Follow-up rules and templates…</source>
        <translation>フォローの設定（ルール・テンプレート）…</translation>
    </message>
    <message>
        <source>Shop details…</source>
        <translation>店舗情報…</translation>
    </message>
    <message>
        <source>Customer stages…</source>
        <translation>顧客ステージの設定…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Go to the call pop-up</source>
        <translation>着信ポップアップへ移動</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>担当者: %1</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>再接続中</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Caller ID (%1): %2</source>
        <translation>発信者番号（%1）: %2</translation>
    </message>
    <message>
        <source>Caller ID settings…</source>
        <translation>発信者番号の設定…</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>先頭の値</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>割り当て</translation>
    </message>
    <message>
        <source>Chosen by</source>
        <translation>選び方</translation>
    </message>
    <message>
        <source>remembered</source>
        <translation>記憶</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（取り込まない）</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>変更</translation>
    </message>
    <message>
        <source>Choose a column for: %1</source>
        <translation>次の列を割り当ててください: %1</translation>
    </message>
    <message>
        <source>Checked with these roles. Changing one asks for the check again.</source>
        <translation>この割り当てで確認しました。割り当てを変えると、もう一度「取込前の確認」が必要です。</translation>
    </message>
    <message>
        <source>Imported with these roles (remembered for files with the same headers).</source>
        <translation>この割り当てで取り込みました（同じ見出しのファイルには次回も使います）。</translation>
    </message>
    <message>
        <source>Columns marked * are required. Check the roles, then run the check.</source>
        <translation>* は必須です。割り当てを確かめてから「取込前の確認」を押してください。</translation>
    </message>
</context>
<context>
    <name>MissedCallsView</name>
    <message>
        <source>Show handled calls</source>
        <translation>対応済みも表示</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>折り返し</translation>
    </message>
    <message>
        <source>Mark as handled</source>
        <translation>対応済み</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>回線</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>発信者番号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>対応状況</translation>
    </message>
    <message>
        <source>(not registered)</source>
        <translation>（未登録の番号）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>対応済み</translation>
    </message>
    <message>
        <source>Called again, answered</source>
        <translation>再着信で応答</translation>
    </message>
    <message>
        <source>Call back %1 (number copied).</source>
        <translation>%1 へ折り返してください（番号をコピーしました）。</translation>
    </message>
</context>
<context>
    <name>MoreCallsEntry</name>
    <message numerus="yes">
        <source>%n more incoming call(s)</source>
        <translation>
            <numerusform>他 %n 件の着信</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoteEditor</name>
    <message>
        <source>Category</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>要対応</translation>
    </message>
    <message>
        <source>—</source>
        <comment>recommend score not asked</comment>
        <translation>—</translation>
    </message>
    <message>
        <source>Recommend score (0–10)</source>
        <translation>推奨度（0〜10）</translation>
    </message>
    <message>
        <source>How likely are you to recommend us? (0–10)</source>
        <translation>当店を人に勧めたいと思いますか？（0〜10）</translation>
    </message>
    <message>
        <source>What the customer said (Ctrl+Enter saves)</source>
        <translation>お客様のお話の内容（Ctrl+Enter で保存）</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>メモを保存</translation>
    </message>
    <message>
        <source>Recommend</source>
        <translation>推奨度</translation>
    </message>
    <message>
        <source>%1</source>
        <comment>customer name with honorific</comment>
        <translation>%1 様</translation>
    </message>
    <message>
        <source>Note for %1</source>
        <translation>%1 の応対メモ</translation>
    </message>
    <message>
        <source>Saved against the number until the caller is registered.</source>
        <translation>登録されるまで、この番号のメモとして保存します。</translation>
    </message>
    <message>
        <source>Register or choose the customer to save the note.</source>
        <translation>保存するには顧客を登録するか選んでください。</translation>
    </message>
    <message>
        <source>The operator is recorded automatically.</source>
        <translation>担当者は自動で記録されます。</translation>
    </message>
    <message>
        <source>Could not save the draft: %1</source>
        <translation>下書きを保存できません: %1</translation>
    </message>
    <message>
        <source>Draft kept %1</source>
        <translation>下書き保存 %1</translation>
    </message>
    <message>
        <source>The note is empty.</source>
        <translation>応対メモが空です。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>保存しました。</translation>
    </message>
    <message>
        <source>Not saved (the draft is kept): %1</source>
        <translation>保存できません（下書きは残っています）: %1</translation>
    </message>
</context>
<context>
    <name>NoteHistory</name>
    <message>
        <source>Open</source>
        <comment>follow-up state</comment>
        <translation>未対応</translation>
    </message>
    <message>
        <source>Done</source>
        <comment>follow-up state</comment>
        <translation>対応済み</translation>
    </message>
    <message>
        <source>Mark as done</source>
        <translation>対応済みにする</translation>
    </message>
    <message>
        <source>Mark as open again</source>
        <translation>未対応に戻す</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>対応</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>応対メモ</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Open note (Enter)</source>
        <translation>メモを開く (Enter)</translation>
    </message>
    <message>
        <source>Enter opens the whole note</source>
        <translation>Enterで応対メモ全文を開きます</translation>
    </message>
    <message>
        <source>Marked done by %1 at %2.</source>
        <translation>%1 が %2 に対応済みにしました。</translation>
    </message>
    <message>
        <source>The follow-up is open again.</source>
        <translation>未対応に戻しました。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>NoteViewer</name>
    <message>
        <source>Conversation note</source>
        <translation>応対メモ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <source>Operator</source>
        <translation>担当者の選択</translation>
    </message>
    <message>
        <source>Or type a new operator&apos;s name</source>
        <translation>新しい担当者はここに名前を入力</translation>
    </message>
    <message>
        <source>Who is working at this desk?</source>
        <translation>担当者を選んでください</translation>
    </message>
</context>
<context>
    <name>OrderDetailPane</name>
    <message>
        <source>Item</source>
        <translation>商品名</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>お支払い方法</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>お届け</translation>
    </message>
    <message>
        <source>Noshi</source>
        <translation>のし</translation>
    </message>
    <message>
        <source>Gift sender</source>
        <translation>ご依頼主</translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation>お届け先</translation>
    </message>
    <message>
        <source>Shipping fee</source>
        <translation>送料</translation>
    </message>
    <message>
        <source>COD fee</source>
        <translation>代引手数料</translation>
    </message>
</context>
<context>
    <name>OrderDetails</name>
    <message>
        <source>Not specified</source>
        <comment>delivery date</comment>
        <translation>指定なし</translation>
    </message>
    <message>
        <source>None</source>
        <comment>no noshi</comment>
        <translation>なし</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>お支払い方法</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>お届け</translation>
    </message>
    <message>
        <source>Noshi</source>
        <translation>のし</translation>
    </message>
    <message>
        <source>Gift sender</source>
        <translation>ご依頼主</translation>
    </message>
</context>
<context>
    <name>OrderEntry</name>
    <message>
        <source>Order</source>
        <translation>受注</translation>
    </message>
    <message>
        <source>The order form could not be opened: %1</source>
        <translation>受注画面を開けません: %1</translation>
    </message>
</context>
<context>
    <name>OrderForm</name>
    <message>
        <source>Edit order</source>
        <translation>受注の修正</translation>
    </message>
    <message>
        <source>Phone order</source>
        <translation>電話受注</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Could not load: %1</source>
        <translation>読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>Add to the open order No.%1</source>
        <translation>未出荷の受注 No.%1 に同梱する</translation>
    </message>
    <message>
        <source>(%1, %2) — one parcel instead of two</source>
        <translation>（%1・%2）荷物を1つにまとめます</translation>
    </message>
    <message>
        <source>The items go into order %1 (one parcel).</source>
        <translation>受注番号 %1 に同梱します（荷物は1つ）。</translation>
    </message>
    <message>
        <source>%1 — %2 No.%3</source>
        <translation>%1 — %2 No.%3</translation>
    </message>
    <message>
        <source>Copied the last order&apos;s items and ship-to.</source>
        <translation>前回の商品とお届け先をコピーしました。</translation>
    </message>
    <message>
        <source> Left out (no longer sold): %1</source>
        <translation>販売終了のため除きました: %1</translation>
    </message>
    <message>
        <source>Added from the suggestions.</source>
        <translation>おすすめから追加しました。</translation>
    </message>
    <message>
        <source>Save the order first: the delivery slip is printed from the saved order.</source>
        <translation>受注を保存すると納品書を印刷できます。</translation>
    </message>
    <message>
        <source>A cancelled order has no delivery slip.</source>
        <translation>取消済みの受注には納品書がありません。</translation>
    </message>
    <message>
        <source>Save the changes first: the delivery slip shows the order as saved.</source>
        <translation>変更を保存してから印刷してください。納品書は保存済みの内容で印刷されます。</translation>
    </message>
    <message>
        <source>The order&apos;s delivery slip in the print preview: print it or save a PDF (%1)</source>
        <translation>この受注の納品書を印刷プレビューで表示します。印刷またはPDF保存（%1）</translation>
    </message>
    <message numerus="yes">
        <source>Please check the entries (%n problem(s)).</source>
        <translation>
            <numerusform>入力内容を確認してください（%n件）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>Order number %1 was changed.</source>
        <translation>受注番号 %1 を修正しました。</translation>
    </message>
    <message>
        <source>Added to order number %1 (one parcel).</source>
        <translation>受注番号 %1 に同梱しました（1個口）。</translation>
    </message>
    <message>
        <source>Saved as order number %1.</source>
        <translation>受注番号 %1 で登録しました。</translation>
    </message>
    <message>
        <source>Order saved</source>
        <translation>受注を登録しました</translation>
    </message>
    <message>
        <source>Please read the order number back to the customer.</source>
        <translation>お客様に受注番号をお伝えください。</translation>
    </message>
    <message>
        <source>Order number %1 was cancelled.</source>
        <translation>受注番号 %1 を取り消しました。</translation>
    </message>
    <message>
        <source>Could not save. Please check the entries.</source>
        <translation>保存できませんでした。入力内容を確認してください。</translation>
    </message>
    <message>
        <source>Could not save (%1). Please try again.</source>
        <translation>保存できませんでした（%1）。もう一度お試しください。</translation>
    </message>
    <message>
        <source>Cancel this order?</source>
        <translation>この受注を取り消しますか？</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>確認</translation>
    </message>
    <message>
        <source>Discard the changes to order %1 and close? The order stays as saved.</source>
        <translation>受注番号 %1 への変更を破棄して閉じますか？ 受注は保存した内容のまま残ります。</translation>
    </message>
    <message>
        <source>Discard the order being entered and close?</source>
        <translation>入力中の受注を破棄して閉じますか？</translation>
    </message>
    <message>
        <source>Please choose</source>
        <translation>選択してください</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>お支払い方法</translation>
    </message>
    <message>
        <source>Repeat last order</source>
        <translation>前回と同じ内容で受注</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Delivery slip…</source>
        <translation>納品書…</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>受注取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Orderer</source>
        <translation>ご注文者</translation>
    </message>
    <message>
        <source>1 Items</source>
        <translation>1 商品</translation>
    </message>
    <message>
        <source>2 Delivery</source>
        <translation>2 お届け</translation>
    </message>
    <message>
        <source>4 Payment</source>
        <translation>4 お支払い方法</translation>
    </message>
    <message>
        <source>3 Ship to</source>
        <translation>3 お届け先</translation>
    </message>
</context>
<context>
    <name>OrderHistory</name>
    <message>
        <source>Order date</source>
        <translation>受注日</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>受注番号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品名</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Edit order</source>
        <translation>受注の修正</translation>
    </message>
    <message>
        <source>Enter on an order opens it in the order form</source>
        <translation>受注を選んで Enter でも修正できます</translation>
    </message>
    <message>
        <source>Cancel order…</source>
        <translation>受注取消…</translation>
    </message>
    <message>
        <source>Delivery slip…</source>
        <translation>納品書…</translation>
    </message>
    <message>
        <source>The order&apos;s delivery slip in the print preview: print it or save a PDF (Ctrl+P)</source>
        <translation>この受注の納品書を印刷プレビューで表示します。印刷またはPDF保存（Ctrl+P）</translation>
    </message>
    <message>
        <source>[Cancelled] %1</source>
        <translation>【取消】%1</translation>
    </message>
    <message>
        <source>Imported: order %1 in the earlier system (%2 at the desk)</source>
        <translation>取込: 以前のシステムの受注番号 %1（デスクの受注番号 %2）</translation>
    </message>
    <message>
        <source>order %1 in the earlier system</source>
        <translation>以前のシステムの受注番号 %1</translation>
    </message>
    <message>
        <source>from the sales history</source>
        <translation>以前のシステムの売上（受注番号なし）</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>取込</translation>
    </message>
    <message>
        <source>This order was cancelled; it no longer counts in the figures.</source>
        <translation>取消済みの受注です。購入回数・累計購入金額には含まれません。</translation>
    </message>
    <message>
        <source>An imported sale keeps the earlier system&apos;s figures: it can be cancelled, not changed.</source>
        <translation>取り込んだ売上は以前のシステムの金額のままです。取消はできますが、修正はできません。</translation>
    </message>
    <message>
        <source>Cancel order %1 of %2 (%3)? It stays in the history as cancelled.</source>
        <translation>受注番号 %1（%2、%3）を取り消しますか？ 履歴には取消として残ります。</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>受注取消</translation>
    </message>
    <message>
        <source>Order %1 was cancelled.</source>
        <translation>受注番号 %1 を取り消しました。</translation>
    </message>
    <message>
        <source>Could not cancel the order: %1</source>
        <translation>受注を取り消せませんでした: %1</translation>
    </message>
</context>
<context>
    <name>OrderListWindow</name>
    <message>
        <source>Order list</source>
        <translation>受注一覧</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有効（取消以外）</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation>入金待ち</translation>
    </message>
    <message>
        <source>Previous day</source>
        <translation>前日</translation>
    </message>
    <message>
        <source>Next day</source>
        <translation>翌日</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>入金済み</translation>
    </message>
    <message>
        <source>All payments</source>
        <translation>すべての支払方法</translation>
    </message>
    <message>
        <source>All awaiting payment (any day)</source>
        <translation>全期間の入金待ち</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>受注番号</translation>
    </message>
    <message>
        <source>Order date</source>
        <translation>受注日</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>顧客番号</translation>
    </message>
    <message>
        <source>Open / edit (F2)</source>
        <translation>開く・修正 (F2)</translation>
    </message>
    <message>
        <source>Record payment… (F3)</source>
        <translation>入金確認… (F3)</translation>
    </message>
    <message>
        <source>Cancel order… (Del)</source>
        <translation>受注取消… (Del)</translation>
    </message>
    <message>
        <source>Delivery slip… (Ctrl+P)</source>
        <translation>納品書… (Ctrl+P)</translation>
    </message>
    <message>
        <source>The selected order&apos;s delivery slip in the print preview: print it or save a PDF (Ctrl+P)</source>
        <translation>選択した受注の納品書を印刷プレビューで表示します。印刷またはPDF保存（Ctrl+P）</translation>
    </message>
    <message>
        <source>%1 order(s), %2 active, total %3; %4 awaiting payment</source>
        <translation>%1件（有効 %2件、合計 %3）、入金待ち %4件</translation>
    </message>
    <message>
        <source>Could not load the orders: %1</source>
        <translation>受注を読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>Paid %1</source>
        <translation>入金済み %1</translation>
    </message>
    <message>
        <source>Awaiting payment (%1 still due)</source>
        <translation>入金待ち（残り %1）</translation>
    </message>
    <message>
        <source>Held until paid</source>
        <translation>入金待ちで出荷保留</translation>
    </message>
    <message>
        <source>Exported for shipping</source>
        <translation>出荷データ出力済み</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>受付済み</translation>
    </message>
    <message>
        <source>Open / edit</source>
        <translation>開く・修正</translation>
    </message>
    <message>
        <source>Record payment…</source>
        <translation>入金確認…</translation>
    </message>
    <message>
        <source>Delivery slip…</source>
        <translation>納品書…</translation>
    </message>
    <message>
        <source>Cancel order…</source>
        <translation>受注取消…</translation>
    </message>
    <message>
        <source>This order needs no payment record.</source>
        <translation>この受注は入金確認の対象ではありません。</translation>
    </message>
    <message>
        <source>Payment recorded for order %1.</source>
        <translation>受注番号 %1 の入金を記録しました。</translation>
    </message>
    <message>
        <source>Cancel order %1 of %2 (%3 様, %4)? It stays in the history as cancelled.</source>
        <translation>%2 の受注番号 %1（%3 様、%4）を取り消しますか？ 履歴には取消として残ります。</translation>
    </message>
    <message>
        <source>Order %1 was cancelled.</source>
        <translation>受注番号 %1 を取り消しました。</translation>
    </message>
    <message>
        <source>Could not cancel the order: %1</source>
        <translation>受注を取り消せませんでした: %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>お名前</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>お支払い</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>受注取消</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Record payment — order %1, %2 様</source>
        <translation>入金確認 — 受注番号 %1、%2 様</translation>
    </message>
    <message>
        <source>%1 様 (No.%2) — order %3 of %4</source>
        <translation>%1 様（No.%2） — 受注番号 %3（%4）</translation>
    </message>
    <message>
        <source> yen</source>
        <translation> 円</translation>
    </message>
    <message>
        <source>Day paid</source>
        <translation>入金日</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>記録者</translation>
    </message>
    <message>
        <source>Recorded at</source>
        <translation>記録日時</translation>
    </message>
    <message>
        <source>Record (Ctrl+S)</source>
        <translation>記録 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Amount received</source>
        <translation>入金額</translation>
    </message>
    <message>
        <source>Day received</source>
        <translation>入金日</translation>
    </message>
    <message>
        <source>Payments recorded</source>
        <translation>記録済みの入金</translation>
    </message>
    <message>
        <source>Total %1 — %2; paid so far %3; still due %4</source>
        <translation>合計 %1（%2）／入金済み %3／残り %4</translation>
    </message>
    <message>
        <source>Paid in advance: the parcel is shipped once the whole amount has arrived.</source>
        <translation>前払いです。全額の入金を確認してから出荷します。</translation>
    </message>
    <message>
        <source>Order %1 is paid in full.</source>
        <translation>受注番号 %1 は入金済みになりました。</translation>
    </message>
    <message>
        <source>Payment recorded; %1 still due for order %2.</source>
        <translation>入金を記録しました。受注番号 %2 の残りは %1 です。</translation>
    </message>
</context>
<context>
    <name>PhoneRow</name>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
</context>
<context>
    <name>PopupManager</name>
    <message>
        <source>Internal call from %1</source>
        <translation>内線着信 %1</translation>
    </message>
</context>
<context>
    <name>ProductEditor</name>
    <message>
        <source>Edit product</source>
        <translation>商品の編集</translation>
    </message>
    <message>
        <source>Add product</source>
        <translation>商品の追加</translation>
    </message>
    <message>
        <source>tax incl.</source>
        <translation>税込</translation>
    </message>
    <message>
        <source>8% (reduced rate, food)</source>
        <translation>8%（軽減税率・食品）</translation>
    </message>
    <message>
        <source>empty: not a consumable</source>
        <translation>空欄: 消耗品でない</translation>
    </message>
    <message>
        <source>code of the larger size or set</source>
        <translation>大容量・セットの商品コード</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>販売中</translation>
    </message>
</context>
<context>
    <name>ProductsDialog</name>
    <message>
        <source>Product code</source>
        <translation>商品コード</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>商品名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Price (tax incl.)</source>
        <translation>価格（税込）</translation>
    </message>
    <message>
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>Days of use</source>
        <translation>消費日数</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>上位商品</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Filter by product code, name or reading</source>
        <translation>商品コード・商品名・フリガナで絞り込み</translation>
    </message>
    <message>
        <source>Show retired products</source>
        <translation>販売終了も表示</translation>
    </message>
    <message>
        <source>Shift_JIS (for Excel)</source>
        <translation>Shift_JIS（Excel向け）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <source>Retire / resume</source>
        <translation>販売終了／再開</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>取込…</translation>
    </message>
    <message>
        <source>CSV (UTF-8 or Shift_JIS)</source>
        <translation>CSV（UTF-8 または Shift_JIS）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>出力…</translation>
    </message>
    <message>
        <source>Could not do that (%1).</source>
        <translation>処理できませんでした（%1）</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n日</numerusform>
        </translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>販売中</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>販売終了</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>「%1」を保存しました。</translation>
    </message>
    <message>
        <source>“%1” is on sale again.</source>
        <translation>「%1」を販売再開にしました。</translation>
    </message>
    <message>
        <source>“%1” is retired (no longer sold).</source>
        <translation>「%1」を販売終了にしました。</translation>
    </message>
    <message>
        <source>Imported (%1, %2).</source>
        <translation>取り込みました（%1、%2）。</translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>追加 %n件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n updated</source>
        <translation>
            <numerusform>更新 %n件</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not import (nothing was saved):</source>
        <translation>取り込めませんでした（1件も保存していません）:</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>%1 に出力しました。</translation>
    </message>
    <message>
        <source>Some characters cannot be written in Shift_JIS. Please export as UTF-8.</source>
        <translation>Shift_JISで書けない文字があります。UTF-8で出力してください。</translation>
    </message>
    <message>
        <source>Could not export (%1).</source>
        <translation>出力できませんでした（%1）</translation>
    </message>
    <message>
        <source>Import products</source>
        <translation>商品の取込</translation>
    </message>
    <message>
        <source>CSV (*.csv);;All files (*)</source>
        <translation>CSV (*.csv);;すべて (*)</translation>
    </message>
    <message>
        <source>Export products</source>
        <translation>商品の出力</translation>
    </message>
</context>
<context>
    <name>RawMonitor</name>
    <message>
        <source>Bytes from the device appear here during a test.</source>
        <translation>テスト中、機器から届いたデータがここに表示されます。</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>16進</translation>
    </message>
    <message>
        <source>Show every byte as a hexadecimal number</source>
        <translation>すべてのバイトを16進数で表示します</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <source>Raw data</source>
        <translation>受信データ（生）</translation>
    </message>
    <message>
        <source>[%1 bytes skipped]</source>
        <translation>[%1 バイト省略]</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 バイト</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Register new customer</source>
        <translation>新規顧客登録</translation>
    </message>
    <message>
        <source>Check duplicates and register</source>
        <translation>重複チェックして登録</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>Please check the entries marked in red.</source>
        <translation>赤で示した項目を確認してください。</translation>
    </message>
    <message>
        <source>Discard what was typed for this customer?</source>
        <translation>入力した内容を破棄しますか？</translation>
    </message>
    <message>
        <source>Enter the 7-digit postal code.</source>
        <translation>郵便番号を7桁で入力してください。</translation>
    </message>
    <message>
        <source>Postal code not found. Please type the address directly.</source>
        <translation>郵便番号が見つかりません。住所を直接入力してください。</translation>
    </message>
    <message>
        <source>This code covers several places: choose one.</source>
        <translation>この郵便番号には複数の地域があります。選んでください。</translation>
    </message>
    <message>
        <source>Not registered: %1</source>
        <translation>登録できません: %1</translation>
    </message>
</context>
<context>
    <name>RestoredNoteWindow</name>
    <message>
        <source>Restored note</source>
        <translation>復元した応対メモ</translation>
    </message>
    <message>
        <source>customer not chosen yet</source>
        <translation>顧客未選択</translation>
    </message>
    <message>
        <source>A note that was not saved: %1</source>
        <translation>保存されていなかった応対メモ: %1</translation>
    </message>
    <message>
        <source>Attach to the customer on the card</source>
        <translation>表示中の顧客に付ける</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>Discard this note? It cannot be brought back.</source>
        <translation>このメモを破棄しますか？元に戻せません。</translation>
    </message>
    <message>
        <source>Open the customer&apos;s card first, then attach.</source>
        <translation>先に顧客カードを開いてから付けてください。</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Follow-up settings</source>
        <translation>フォローの設定</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先順位</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ルール名</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>きっかけ</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>日数</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>送付方法</translation>
    </message>
    <message>
        <source>On</source>
        <translation>使用</translation>
    </message>
    <message>
        <source> days</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>すべてのお客様</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <source>Use this rule</source>
        <translation>このルールを使う</translation>
    </message>
    <message>
        <source>Stage entered</source>
        <translation>顧客ステージになったとき</translation>
    </message>
    <message>
        <source>Days after the trigger</source>
        <translation>きっかけからの日数</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>テンプレート</translation>
    </message>
    <message>
        <source>Priority (1 first)</source>
        <translation>優先順位（1が最優先）</translation>
    </message>
    <message>
        <source>Due for</source>
        <translation>有効期間</translation>
    </message>
    <message>
        <source>Only for stage</source>
        <translation>対象の顧客ステージ</translation>
    </message>
    <message>
        <source>Only while orders at most</source>
        <translation>購入回数の上限</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>ルールを追加</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>ルールを削除</translation>
    </message>
    <message>
        <source>Count today with these rules</source>
        <translation>この設定で本日の件数を数える</translation>
    </message>
    <message>
        <source>Why the rules change (kept with the change)</source>
        <translation>変更の理由（変更履歴に残ります）</translation>
    </message>
    <message>
        <source>Save rules</source>
        <translation>ルールを保存</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>テンプレートを保存</translation>
    </message>
    <message>
        <source>Restore the shipped text</source>
        <translation>初期の文面に戻す</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文面</translation>
    </message>
    <message>
        <source>Placeholders (double-click to insert)</source>
        <translation>差し込み項目（ダブルクリックで挿入）</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>プレビュー</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>ルール</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>テンプレート</translation>
    </message>
    <message>
        <source>Business days</source>
        <translation>営業日</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>First order</source>
        <translation>初回購入</translation>
    </message>
    <message>
        <source>Every order</source>
        <translation>購入のたび</translation>
    </message>
    <message>
        <source>Since the last order</source>
        <translation>最終購入から</translation>
    </message>
    <message>
        <source>Product running out</source>
        <translation>商品がなくなる頃</translation>
    </message>
    <message>
        <source>Birthday month</source>
        <translation>お誕生月</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>手紙</translation>
    </message>
    <message>
        <source>Postcard</source>
        <translation>はがき</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>電話（フォローコール）</translation>
    </message>
    <message>
        <source>Thank-you letter</source>
        <translation>お礼状</translation>
    </message>
    <message>
        <source>Replenishment reminder</source>
        <translation>お届けのご案内（そろそろなくなる頃）</translation>
    </message>
    <message>
        <source>Second-purchase letter</source>
        <translation>2回目購入のご案内</translation>
    </message>
    <message>
        <source>Come-back letter</source>
        <translation>ご無沙汰のお客様へのご案内</translation>
    </message>
    <message>
        <source>Birthday letter</source>
        <translation>お誕生月のご挨拶</translation>
    </message>
    <message>
        <source>Discard the unsaved changes (%1)?</source>
        <translation>保存していない変更（%1）を破棄して閉じますか？</translation>
    </message>
    <message>
        <source>Could not keep the unsaved changes on disk: %1</source>
        <translation>保存していない変更を下書きとして残せませんでした: %1</translation>
    </message>
    <message>
        <source>Changes that were not saved before are back (%1): save them, or close and discard them.</source>
        <translation>前回保存されなかった変更を復元しました（%1）。保存するか、閉じて破棄してください。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>新しいルール</translation>
    </message>
    <message>
        <source>Remove the rule “%1”?</source>
        <translation>ルール「%1」を削除しますか？</translation>
    </message>
    <message>
        <source>Rules saved.</source>
        <translation>ルールを保存しました。</translation>
    </message>
    <message>
        <source>Discard the unsaved changes to “%1”?</source>
        <translation>「%1」の保存していない変更を破棄しますか？</translation>
    </message>
    <message>
        <source>Template “%1” saved.</source>
        <translation>「%1」を保存しました。</translation>
    </message>
    <message>
        <source>Replace “%1” with the shipped text? Your edits are discarded.</source>
        <translation>「%1」を初期の文面に戻しますか？編集した文面は失われます。</translation>
    </message>
    <message>
        <source>“%1” has the shipped text again.</source>
        <translation>「%1」を元の文面に戻しました。</translation>
    </message>
</context>
<context>
    <name>RunProgress</name>
    <message>
        <source>%1 rows, %2 rows/s</source>
        <translation>%1行、%2行/秒</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>残り約%1</translation>
    </message>
    <message>
        <source>(registering new customers)</source>
        <translation>（新規顧客を登録中）</translation>
    </message>
    <message>
        <source>(writing)</source>
        <translation>（書き込み中）</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1分</translation>
    </message>
</context>
<context>
    <name>RunReport</name>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Save rejected rows…</source>
        <translation>エラー行を保存…</translation>
    </message>
    <message>
        <source>Check finished: nothing has been written yet.</source>
        <translation>確認が終わりました。まだ何も書き込んでいません。</translation>
    </message>
    <message>
        <source>Rows %1 · would import %2 · in the store, nothing to add %3 · new customers %4 · matched customers %5 · rows with errors %6</source>
        <translation>行数 %1 ・ 取込予定 %2 ・ 登録済み（追加なし） %3 ・ 新規顧客 %4 ・ 既存顧客 %5 ・ エラー行 %6</translation>
    </message>
    <message>
        <source>Rows %1 · would import %2 · already imported (duplicates) %3 · new customers %4 · matched customers %5 · rows with errors %6</source>
        <translation>行数 %1 ・ 取込予定 %2 ・ 取込済み（重複） %3 ・ 新規顧客 %4 ・ 既存顧客 %5 ・ エラー行 %6</translation>
    </message>
    <message>
        <source>Imported as import No. %1.</source>
        <translation>取込 No.%1 として取り込みました。</translation>
    </message>
    <message>
        <source>Rows %1 · to import %2 · in the store, nothing to add %3 · new customers %4 · matched customers %5 · rows with errors %6</source>
        <translation>行数 %1 ・ 取込 %2 ・ 登録済み（追加なし） %3 ・ 新規顧客 %4 ・ 既存顧客 %5 ・ エラー行 %6</translation>
    </message>
    <message>
        <source>Rows %1 · to import %2 · already imported (duplicates) %3 · new customers %4 · matched customers %5 · rows with errors %6</source>
        <translation>行数 %1 ・ 取込 %2 ・ 取込済み（重複） %3 ・ 新規顧客 %4 ・ 既存顧客 %5 ・ エラー行 %6</translation>
    </message>
    <message>
        <source>%1 of the matched customers were found by phone number and name.</source>
        <translation>既存顧客のうち %1 件は電話番号と氏名で見つけました。</translation>
    </message>
    <message>
        <source>%1 of the matched customers would get what the store does not have yet (phones, reading, address …); nothing the store has is changed.</source>
        <translation>既存顧客のうち %1 件に、まだ登録のない情報（電話番号・フリガナ・住所など）を補います。登録済みの内容は変えません。</translation>
    </message>
    <message>
        <source>%1 of the matched customers got what the store did not have yet (phones, reading, address …); nothing the store had was changed.</source>
        <translation>既存顧客のうち %1 件に、まだ登録のない情報（電話番号・フリガナ・住所など）を補いました。登録済みの内容は変えていません。</translation>
    </message>
    <message>
        <source>Rows with errors are left out; press Import to bring in the rest.</source>
        <translation>エラー行は取り込みません。残りを取り込むには「取り込む」を押してください。</translation>
    </message>
    <message>
        <source>Press Import to bring them in.</source>
        <translation>「取り込む」を押すと取り込みます。</translation>
    </message>
    <message>
        <source>Every row has already been imported: there is nothing to import.</source>
        <translation>どの行もすでに取り込まれています。取り込むものはありません。</translation>
    </message>
    <message>
        <source>The other rows have already been imported: nothing is left to import but the rows with errors. Fix them and check again.</source>
        <translation>ほかの行はすでに取り込まれています。残っているのはエラー行だけです。直してから、もう一度確認してください。</translation>
    </message>
    <message>
        <source>No row can be imported: fix the rows with errors and check again.</source>
        <translation>取り込める行がありません。エラー行を直してから、もう一度確認してください。</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Name, reading, phone or code</source>
        <translation>氏名・フリガナ・電話・顧客番号</translation>
    </message>
    <message>
        <source>Search by name, reading (any kana), phone number or its last 4 digits, or customer code. Ctrl+F or F7 comes here from anywhere.</source>
        <translation>氏名、フリガナ（ひらがな・カタカナ・半角どれでも）、電話番号またはその下4桁、顧客番号で検索します。Ctrl+F または F7 でどこからでもここに来ます。</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>顧客番号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>顧客ステージ</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>購入回数</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最終購入日</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>%1 or more — please narrow the search</source>
        <translation>%1件以上 — 絞り込んでください</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n件</numerusform>
        </translation>
    </message>
    <message>
        <source>No customer found.</source>
        <translation>該当する顧客はいません。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Caller ID settings</source>
        <translation>発信者番号の設定</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>機器</translation>
    </message>
    <message>
        <source>SIP (extension)</source>
        <translation>SIP（内線）</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>使用中の着信元</translation>
    </message>
    <message>
        <source>Receive calls from</source>
        <translation>着信の受け方</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>None (the desk is not receiving calls)</source>
        <translation>なし（着信を受けていません）</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>再接続中</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Choose where calls come from first.</source>
        <translation>先に着信の受け方を選んでください。</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>ShipToPanel</name>
    <message>
        <source>123-4567 (Enter looks up the address)</source>
        <translation>123-4567（Enterで住所検索）</translation>
    </message>
    <message>
        <source>Starting with the prefecture</source>
        <translation>都道府県から</translation>
    </message>
    <message>
        <source>Save this ship-to address</source>
        <translation>このお届け先を登録する</translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation>お届け先</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>郵便番号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Same as the orderer</source>
        <translation>ご注文者と同じ</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>saved ship-to: name (address)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Another address</source>
        <translation>別のお届け先</translation>
    </message>
    <message>
        <source>Postal code not found. Please type the address.</source>
        <translation>郵便番号が見つかりません。住所を直接入力してください。</translation>
    </message>
</context>
<context>
    <name>ShopDialog</name>
    <message>
        <source>Shop details</source>
        <translation>店舗情報</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Please check the entries marked in red.</source>
        <translation>赤で示した項目を確認してください。</translation>
    </message>
    <message>
        <source>The shop details could not be saved: %1</source>
        <translation>店舗情報を保存できませんでした: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>保存しました。</translation>
    </message>
    <message>
        <source>Discard the changes?</source>
        <translation>変更を破棄しますか？</translation>
    </message>
</context>
<context>
    <name>ShopPage</name>
    <message>
        <source>e.g. Sakura Mail Order</source>
        <translation>例: さくら通販</translation>
    </message>
    <message>
        <source>123-4567 (Enter looks up the address)</source>
        <translation>123-4567（Enterで住所検索）</translation>
    </message>
    <message>
        <source>Prefecture, city, town and number</source>
        <translation>都道府県・市区町村・番地</translation>
    </message>
    <message>
        <source>Building, floor (optional)</source>
        <translation>建物名・階（任意）</translation>
    </message>
    <message>
        <source>Qualified invoice issuer registration number: T and 13 digits</source>
        <translation>適格請求書発行事業者の登録番号: T＋13桁</translation>
    </message>
    <message>
        <source>e.g. Customer service, Yamada (optional)</source>
        <translation>例: お客様係 山田（任意）</translation>
    </message>
    <message>
        <source>Find address</source>
        <translation>住所検索</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>店名</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>郵便番号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>建物名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>登録番号</translation>
    </message>
    <message>
        <source>Sender line</source>
        <translation>差出人</translation>
    </message>
    <message>
        <source>Printed as the sender (ご依頼主) on Yamato B2 labels and at the foot of letters, postcards and delivery slips.</source>
        <translation>ヤマトB2の送り状のご依頼主、フォロー状・はがき・納品書の差出人として印字されます。</translation>
    </message>
</context>
<context>
    <name>SipPage</name>
    <message>
        <source>Same as the extension</source>
        <translation>内線番号と同じ</translation>
    </message>
    <message>
        <source>Automatic (the address facing the router)</source>
        <translation>自動（ルーター側のアドレス）</translation>
    </message>
    <message>
        <source>Address[:port] the desk listens on; port 5062 if omitted</source>
        <translation>このPCで待ち受けるアドレス[:ポート]。ポートを省略すると5062</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Router / PBX</source>
        <translation>ルーター／PBX</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>内線番号</translation>
    </message>
    <message>
        <source>Auth user</source>
        <translation>認証ユーザー</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Local address</source>
        <translation>ローカルアドレス</translation>
    </message>
    <message>
        <source>Test registration</source>
        <translation>登録テスト</translation>
    </message>
    <message>
        <source>Registration: not tested</source>
        <translation>内線登録: 未確認</translation>
    </message>
    <message>
        <source>Extension settings</source>
        <translation>内線の設定</translation>
    </message>
    <message>
        <source>No INVITE received yet.</source>
        <translation>まだINVITEを受信していません。</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>発信者番号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Withheld</source>
        <translation>番号非表示の理由</translation>
    </message>
    <message>
        <source>Last INVITE</source>
        <translation>最後に受けたINVITE</translation>
    </message>
    <message>
        <source>Saved (type only to change it)</source>
        <translation>保存済み（変更するときだけ入力）</translation>
    </message>
    <message>
        <source>The router&apos;s password for this extension</source>
        <translation>ルーターに設定したパスワード</translation>
    </message>
    <message>
        <source>Enter the router&apos;s address and the extension.</source>
        <translation>ルーターのアドレスと内線番号を入力してください。</translation>
    </message>
    <message>
        <source>Enter the password for this extension.</source>
        <translation>この内線のパスワードを入力してください。</translation>
    </message>
    <message>
        <source>The local address is not valid: %1</source>
        <translation>ローカルアドレスが正しくありません: %1</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>登録中…</translation>
    </message>
    <message>
        <source>Registration: %1</source>
        <translation>内線登録: %1</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登録済み</translation>
    </message>
    <message>
        <source>Cannot register (wrong password)</source>
        <translation>登録できません（パスワード誤り）</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>応答なし</translation>
    </message>
    <message>
        <source>Cannot register (refused)</source>
        <translation>登録できません（拒否されました）</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>未登録</translation>
    </message>
</context>
<context>
    <name>SlipPrinting</name>
    <message>
        <source>No orders ship on %1: no delivery slips to print.</source>
        <translation>%1 に出荷する受注はありません。印刷する納品書はありません。</translation>
    </message>
    <message>
        <source>Could not make the delivery slips: %1</source>
        <translation>納品書を作成できませんでした: %1</translation>
    </message>
    <message>
        <source>Delivery slips, shipping %1 (%2)</source>
        <translation>納品書 出荷予定日 %1（%2件）</translation>
    </message>
    <message>
        <source>Delivery slip, order %1</source>
        <translation>納品書 受注番号 %1</translation>
    </message>
</context>
<context>
    <name>StageSettingsDialog</name>
    <message>
        <source>Customer stages</source>
        <translation>顧客ステージ</translation>
    </message>
    <message>
        <source>Customer portfolio, ten segments (初回 … 優良 × 現役/離脱)</source>
        <translation>顧客ポートフォリオ 10区分（初回〜優良 × 現役/離脱）</translation>
    </message>
    <message>
        <source>Four ranks (新規 / 常連 / 優良 / 離脱)</source>
        <translation>4ランク（新規 / 常連 / 優良 / 離脱）</translation>
    </message>
    <message>
        <source> days</source>
        <translation>日</translation>
    </message>
    <message>
        <source> yen</source>
        <translation> 円</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>顧客ステージ</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>区分の方式</translation>
    </message>
    <message>
        <source>離脱 (lapsed) when the last order is at least</source>
        <translation>最終購入からこの日数以上で離脱</translation>
    </message>
    <message>
        <source>よちよち while the time between first and last order is under</source>
        <translation>初回〜最終購入の在籍期間がこれ未満ならよちよち</translation>
    </message>
    <message>
        <source>コツコツ while the total is under (four ranks: 優良 from this total)</source>
        <translation>累計金額がこれ未満ならコツコツ（4ランクではこの金額から優良）</translation>
    </message>
    <message>
        <source>流行 while the time between first and last order is under</source>
        <translation>在籍期間がこれ未満なら流行</translation>
    </message>
    <message>
        <source>Fixed bounds</source>
        <translation>固定の区切り</translation>
    </message>
    <message>
        <source>Quintiles of the customer base (fifths)</source>
        <translation>顧客全体の五分位（5等分）</translation>
    </message>
    <message>
        <source> orders</source>
        <translation> 回</translation>
    </message>
    <message>
        <source>RFM scores (1–5)</source>
        <translation>RFM（最終購入日・購入回数・累計金額）の点数（1〜5）</translation>
    </message>
    <message>
        <source>Scores by</source>
        <translation>点数の付け方</translation>
    </message>
    <message>
        <source>R: days since the last order, 5 up to the first</source>
        <translation>R：最終購入からの日数（最初の区切りまでが5）</translation>
    </message>
    <message>
        <source>F: number of orders, 1 up to the first</source>
        <translation>F：購入回数（最初の区切りまでが1）</translation>
    </message>
    <message>
        <source>M: total spent, 1 up to the first</source>
        <translation>M：累計金額（最初の区切りまでが1）</translation>
    </message>
    <message>
        <source>Each score counts the bounds below the customer&apos;s figure: up to the first bound scores 1, above the last scores 5 (R the other way round: fewer days score higher). The pop-up, the card, the lists, the analysis, the letters and desk-app rfm all use these settings.</source>
        <translation>点数は、お客様の数値より小さい区切りの数で決まります。最初の区切りまでが1、最後の区切りを超えると5です（Rは逆で、日数が少ないほど高い点）。着信ポップアップ・顧客カード・一覧・分析・フォロー状・desk-app rfm のすべてがこの設定を使います。</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>初期値に戻す</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R（最終購入日）</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F（購入回数）</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M（累計金額）</translation>
    </message>
    <message>
        <source>%1: the four bounds must go from small to large.</source>
        <translation>%1：4つの区切りは小さい順に入力してください。</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message>
        <source>F3: go here / Enter or Ctrl+1…9: add to the order</source>
        <translation>F3: ここへ移動 ／ Enter または Ctrl+1〜9: 受注に追加</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>おすすめ</translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <source>8% items</source>
        <translation>8%対象</translation>
    </message>
    <message>
        <source>10% items</source>
        <translation>10%対象</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>送料</translation>
    </message>
    <message>
        <source>COD fee</source>
        <translation>代引手数料</translation>
    </message>
    <message>
        <source>Total (tax incl.)</source>
        <translation>合計（税込）</translation>
    </message>
    <message>
        <source>%1
(tax %2)</source>
        <translation>%1
（うち消費税 %2）</translation>
    </message>
</context>
<context>
    <name>TrialPanel</name>
    <message>
        <source>Test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <source>Wait for the next call</source>
        <translation>次の着信を待つ</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>未実行</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>発信者番号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Withheld</source>
        <translation>番号非表示の理由</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>回線</translation>
    </message>
    <message>
        <source>Test stopped.</source>
        <translation>テストを終了しました。</translation>
    </message>
    <message>
        <source>Stop the test</source>
        <translation>テストを終了</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>開始できません: %1</translation>
    </message>
    <message>
        <source>The desk stopped listening on this device for the test; it listens again when the test ends.</source>
        <translation>テストのため、デスクはこの機器での着信受付を一時停止しています。テストが終わると再開します。</translation>
    </message>
    <message>
        <source>Could not stop the test: %1</source>
        <translation>テストを終了できません: %1</translation>
    </message>
    <message>
        <source>The desk listens again.</source>
        <translation>デスクの着信受付を再開しました。</translation>
    </message>
    <message>
        <source>Call received at %1.</source>
        <translation>%1 に着信を受けました。</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>再接続中</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
</context>
<context>
    <name>VoicesView</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7日間</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30日間</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>90日間</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Complaints and praise</source>
        <translation>クレームとお褒め</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>Enter or double-click opens the customer.</source>
        <translation>Enter またはダブルクリックで顧客カードを開きます。</translation>
    </message>
</context>
<context>
    <name>YamatoExportDialog</name>
    <message>
        <source>Yamato B2 CSV export</source>
        <translation>ヤマトB2用CSV出力</translation>
    </message>
    <message>
        <source>Choose where to save the file</source>
        <translation>保存先を選んでください</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Delivery slips…</source>
        <translation>納品書…</translation>
    </message>
    <message>
        <source>The delivery slips of the same parcels in the print preview, one per page</source>
        <translation>同じ出荷分の納品書を印刷プレビューで表示します（1件1ページ）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Ship date</source>
        <translation>出荷予定日</translation>
    </message>
    <message>
        <source>File</source>
        <translation>保存先</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>出力しています…</translation>
    </message>
    <message numerus="yes">
        <source>Ship date %1: %n row(s) written to %2.</source>
        <translation>
            <numerusform>出荷予定日 %1: %n件を %2 に出力しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>No shipments on %1: only the header line was written to %2.</source>
        <translation>%1 に出荷する受注はありません（%2 には見出し行だけを出力しました）。</translation>
    </message>
    <message>
        <source>The shop details are not set: the demo shipper was used.</source>
        <translation>店舗情報が未設定のため、デモのご依頼主で出力しました。</translation>
    </message>
    <message>
        <source>Held until paid (not exported): order(s) %1.</source>
        <translation>入金待ちのため出荷保留（出力していません）: 受注番号 %1</translation>
    </message>
    <message>
        <source>Please check before printing the labels:</source>
        <translation>送り状を印刷する前に確認してください:</translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation>出力できませんでした: %1</translation>
    </message>
</context>
</TS>
