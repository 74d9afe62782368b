#!/usr/bin/env python3
"""gen_xlsx_corpus.py — writes the hand-made XLSX files of
tests/fuzz/corpus/xlsx/: small valid workbooks (entries stored, not
deflated, so the fuzzer's mutations reach the XML) and hostile ones (zip
bombs, DOCTYPE entities, deep nesting, bad indexes, truncation).
test_rows.c reads several of them by name. Run from the repository root:
    python3 tests/fuzz/gen_xlsx_corpus.py
"""
import io
import os
import struct
import zipfile

OUT = "tests/fuzz/corpus/xlsx"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def put(z, path, data):
    """Adds an entry with a fixed date, so the files come out the same."""
    info = zipfile.ZipInfo(path, date_time=(2017, 1, 1, 0, 0, 0))
    info.compress_type = z.compression
    info.external_attr = 0o644 << 16
    z.writestr(info, data.encode() if isinstance(data, str) else data)


def workbook(sheets=("Sheet1",), pr=""):
    s = "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1)
                for i, n in enumerate(sheets))
    return HEAD + "<workbook %s>%s<sheets>%s</sheets></workbook>" % (NS, pr, s)


def rels(targets, sst="sharedStrings.xml", styles="styles.xml"):
    r = ['<Relationship Id="rId%d" Type="%sworksheet" Target="%s"/>' % (i + 1, RELTYPE, t)
         for i, t in enumerate(targets)]
    n = len(targets)
    if sst:
        r.append('<Relationship Id="rId%d" Type="%ssharedStrings" Target="%s"/>' % (n + 1, RELTYPE, sst))
    if styles:
        r.append('<Relationship Id="rId%d" Type="%sstyles" Target="%s"/>' % (n + 2, RELTYPE, styles))
    return HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' \
        + "".join(r) + "</Relationships>"


def sst(strings):
    si = "".join("<si><t xml:space=\"preserve\">%s</t></si>" % s for s in strings)
    return HEAD + '<sst %s count="%d" uniqueCount="%d">%s</sst>' % (NS, len(strings), len(strings), si)


STYLES = HEAD + ('<styleSheet %s><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
                 '<numFmt numFmtId="165" formatCode="[h]:mm:ss"/></numFmts>'
                 '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
                 '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
                 '<xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="2"/></cellXfs></styleSheet>') % NS


def sheet(rows_xml):
    return HEAD + "<worksheet %s><sheetData>%s</sheetData></worksheet>" % (NS, rows_xml)


def write(name, parts, compression=zipfile.ZIP_STORED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", compression) as z:
        for path, data in parts:
            put(z, path, data)
    data = b.getvalue()
    save(name, data)
    return data


def save(name, data):
    assert len(data) < 200 * 1024, name
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def book(name, rows_xml, strings=("goal", "period", "value"), pr="", targets=None, extra=(),
         compression=zipfile.ZIP_STORED, sheet_xml=None, sheets=("Sheet1",)):
    targets = targets or ["worksheets/sheet%d.xml" % (i + 1) for i in range(len(sheets))]
    parts = [("[Content_Types].xml", HEAD + "<Types/>"),
             ("xl/workbook.xml", workbook(sheets, pr)),
             ("xl/_rels/workbook.xml.rels", rels(targets)),
             ("xl/sharedStrings.xml", sst(strings)),
             ("xl/styles.xml", STYLES)]
    for i in range(len(sheets)):
        path = "xl/" + targets[i].lstrip("/")[3:] if targets[i].startswith("/") else "xl/" + targets[i]
        parts.append((path, sheet_xml if sheet_xml is not None else sheet(rows_xml)))
    parts.extend(extra)
    return write(name, parts, compression)


def patch_sizes(data, member, size):
    """Makes member declare `size` uncompressed bytes in both headers."""
    data = bytearray(data)
    i = 0
    while True:
        i = data.find(b"PK\x01\x02", i)
        if i < 0:
            break
        nlen = struct.unpack_from("<H", data, i + 28)[0]
        name = bytes(data[i + 46:i + 46 + nlen]).decode()
        if name == member:
            struct.pack_into("<I", data, i + 24, size)
            local = struct.unpack_from("<I", data, i + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
        i += 4
    return bytes(data)


ROWS = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>1D</t></is></c><c r="B2"><v>2017</v></c>'
        '<c r="C2"><v>0.1</v></c></row>'
        '<row r="4"><c r="A4" t="str"><f>A2</f><v>1D</v></c><c r="C4" s="1"><v>42736.75</v></c>'
        '<c r="D4" t="b"><v>0</v></c></row>')


def main():
    os.makedirs(OUT, exist_ok=True)
    book("minimal.xlsx", ROWS)
    book("minimal-deflated.xlsx", ROWS, compression=zipfile.ZIP_DEFLATED)
    book("two-sheets.xlsx", ROWS, sheets=("Første", "Data"))
    # 1904 date system: serial 0 is 1904-01-01; 41274 is 2017-01-01
    book("date1904.xlsx", '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="2"><v>41274</v></c>'
         '<c r="C1" s="3"><v>1.5</v></c><c r="D1" s="4"><v>41274</v></c></row>',
         pr='<workbookPr date1904="1"/>')
    # 1900 system around Excel's phantom 1900-02-29
    book("date1900.xlsx", '<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>59</v></c>'
         '<c r="C1" s="1"><v>61</v></c><c r="D1" s="2"><v>42736</v></c><c r="E1" s="3"><v>0.5</v></c></row>')
    book("date-phantom.xlsx", '<row r="7"><c r="C7" s="1"><v>60</v></c></row>')
    # targets written as absolute package paths, sheet and shared strings
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        put(z, "xl/workbook.xml", workbook())
        put(z, "xl/_rels/workbook.xml.rels",
                   rels(["/xl/worksheets/sheet1.xml"], sst="/xl/strings.xml", styles=None))
        put(z, "xl/strings.xml", sst(["absolut"]))
        put(z, "xl/worksheets/sheet1.xml", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))
    save("absolute-target.xlsx", b.getvalue())
    # rich text runs are joined, phonetic runs left out, spaces kept
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        put(z, "xl/workbook.xml", workbook())
        put(z, "xl/_rels/workbook.xml.rels", rels(["worksheets/sheet1.xml"], styles=None))
        put(z, "xl/sharedStrings.xml", HEAD + '<sst %s><si><r><rPr><b/></rPr><t>fed</t></r>'
                   '<r><t xml:space="preserve"> og  tynd </t></r><rPh sb="0" eb="1"><t>PHON</t></rPh></si>'
                   '<si><t>line_x000D_break</t></si><si><t></t></si></sst>' % NS)
        put(z, "xl/worksheets/sheet1.xml", sheet('<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>'
                                                     '<row><c t="s"><v>2</v></c></row>'
                                                     '<row><c r="C3" t="s"><v>0</v></c></row>'))
    save("rich-text.xlsx", b.getvalue())
    # element names with a namespace prefix (some writers do this)
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        xns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        put(z, "xl/workbook.xml", HEAD + '<x:workbook %s><x:sheets><x:sheet name="P" sheetId="1" r:id="rId1"/>'
                   '</x:sheets></x:workbook>' % xns)
        put(z, "xl/_rels/workbook.xml.rels", rels(["worksheets/sheet1.xml"], sst=None, styles=None))
        put(z, "xl/worksheets/sheet1.xml", HEAD + '<x:worksheet %s><x:sheetData><x:row r="1">'
                   '<x:c r="A1" t="inlineStr"><x:is><x:t>præfiks</x:t></x:is></x:c></x:row>'
                   '</x:sheetData></x:worksheet>' % xns)
    save("prefixed.xlsx", b.getvalue())
    book("sst-out-of-range.xlsx", '<row r="2"><c r="B2" t="s"><v>3</v></c></row>')
    book("excel-error.xlsx", '<row r="3"><c r="A3"><v>1</v></c><c r="B3" t="e"><v>#DIV/0!</v></c></row>')
    book("out-of-order.xlsx", '<row r="1"><c r="C1"><v>1</v></c><c r="B1"><v>2</v></c></row>')
    book("too-many-columns.xlsx", '<row r="1"><c r="IW1"><v>1</v></c></row>')
    book("bad-number.xlsx", '<row r="5"><c r="A5"><v>1,5</v></c></row>')
    book("malformed.xlsx", "", sheet_xml=HEAD + "<worksheet %s>\n<sheetData>\n<row r=\"1\"></rwo>\n"
         "</sheetData></worksheet>" % NS)
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        '<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i else "&lol;") * 10) for i in range(10)) + "]>"
    book("doctype-entities.xlsx", "", sheet_xml=HEAD + lol + "<worksheet %s><sheetData><row r=\"1\">"
         "<c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>" % NS)
    book("deep-nesting.xlsx", "", compression=zipfile.ZIP_DEFLATED,
         sheet_xml=HEAD + "<worksheet %s><sheetData>" % NS + "<x>" * 10000 + "</x>" * 10000
         + "</sheetData></worksheet>")
    good = book("truncated-source.xlsx", ROWS, compression=zipfile.ZIP_DEFLATED)
    os.remove(os.path.join(OUT, "truncated-source.xlsx"))
    save("truncated.xlsx", good[:len(good) // 2])
    # 8 MiB of spaces inside the sheet: deflates about 1000:1
    book("bomb-ratio.xlsx", "", compression=zipfile.ZIP_DEFLATED,
         sheet_xml=HEAD + "<worksheet %s><sheetData>" % NS + " " * (8 << 20) + "</sheetData></worksheet>")
    # a sheet that says it unpacks to 300 MiB
    data = book("bomb-declared-source.xlsx", ROWS, compression=zipfile.ZIP_DEFLATED)
    os.remove(os.path.join(OUT, "bomb-declared-source.xlsx"))
    save("bomb-declared.xlsx", patch_sizes(data, "xl/worksheets/sheet1.xml", 300 << 20))
    save("ole-header.xlsx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504))
    save("not-a-zip.xlsx", b"goal,period\n1D,2017\n")
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        put(z, "xl/workbook.xml", workbook())
    save("no-rels.xlsx", b.getvalue())


main()
