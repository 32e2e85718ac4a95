<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Labels</name>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n time(s)</source>
        <translation>
            <numerusform>%n time</numerusform>
            <numerusform>%n times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MoreCallsEntry</name>
    <message numerus="yes">
        <source>%n more incoming call(s)</source>
        <translation>
            <numerusform>%n more incoming call</numerusform>
            <numerusform>%n more incoming calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderForm</name>
    <message numerus="yes">
        <source>Please check the entries (%n problem(s)).</source>
        <translation>
            <numerusform>Please check the entries (%n problem).</numerusform>
            <numerusform>Please check the entries (%n problems).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProductsDialog</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%n added</numerusform>
            <numerusform>%n added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n updated</source>
        <translation>
            <numerusform>%n updated</numerusform>
            <numerusform>%n updated</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n customer</numerusform>
            <numerusform>%n customers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>YamatoExportDialog</name>
    <message numerus="yes">
        <source>Ship date %1: %n row(s) written to %2.</source>
        <translation>
            <numerusform>Ship date %1: %n row written to %2.</numerusform>
            <numerusform>Ship date %1: %n rows written to %2.</numerusform>
        </translation>
    </message>
</context>
</TS>
