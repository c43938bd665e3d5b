#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/)
from real files: the bundled corpus corpora/vietnam-news and the NTREX
development data (../shared/data/ntrex-dev, see its README), plus the
cases of the bad-input catalogue. Each seed is laid out the way its target
reads input (see the comment at the top of each fuzz_*.cpp).

Usage: python3 tests/fuzz/make_seeds.py [--data DIR]
Deterministic: running it again writes the same files. The seeds are kept
small (a few KB) so that executions stay fast; libFuzzer grows them.
"""
import argparse
import gzip
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEP = b'\x1e'
# Must match kLanguages in fuzz_common.h.
LANGUAGES = ['und', 'en', 'de', 'id', 'hi', 'uk', 'fr', 'ru', 'ar', 'he', 'th', 'zh', 'ja', 'el',
             'bn', 'es', 'vi', 'tr', 'qq', 'fa']
NTREX = ['en', 'de', 'hi', 'id', 'uk']


def lang_byte(code):
    return bytes([LANGUAGES.index(code)])


def cut(data, limit):
    """At most `limit` bytes of UTF-8 `data`, never splitting a code point."""
    if len(data) <= limit:
        return data
    end = limit
    while end > 0 and (data[end] & 0xC0) == 0x80:
        end -= 1
    return data[:end]


# Real-world oddities: the bad-input catalogue (tests/bad_input_test.sh).
ODD = {
    'empty': b'',
    'whitespace': b' \t\n\r\n  \n',
    'overlong': b'abc\xc0\xafdef\n',
    'overlong3': b'x\xe0\x80\xaf.\n',
    'surrogate': b'Text \xed\xa0\x80 here.\n',
    'truncated': b'Ends in \xe0\xa4',
    'nul': b'ab\x00cd. More.\n',
    'utf16le': '\ufeffHello. World.\n'.encode('utf-16-le'),
    'utf16be': '\ufeffHello. World.\n'.encode('utf-16-be'),
    'bom': b'\xef\xbb\xbfWith a BOM. Two sentences.\n',
    'crlf': b'One line.\r\nTwo lines.\r\n\r\nNew paragraph.\r\n',
    'cr': b'Old Mac.\rSecond.\r\rThird paragraph.\r',
    'combining': 'Cafe\u0301 na\u0308ive. \U0001F600 \U0001F468\u200d\U0001F469\u200d\U0001F467 done.\n'.encode(),
    'rtl': 'مرحبا بالعالم. هذه جملة ثانية 2,645؟\nשלום עולם. משפט שני 31.82%.\n'.encode(),
    'long_word': (b'x' * 3000) + b'. Short.\n',
    'numbers': b'2.645 jiwa, 31,82%, 1,500, 2025-2030, 10:30, 23.10.2025, 1.2.3, 192.168.1.1\n',
    'links': b'See https://example.org/a?b=1, mail a.b@example.com, COVID-19 and MP3.\n',
    'u_fffe': 'Not a character: \ufffe \uffff. Next.\n'.encode(),
    'separators': 'Line\u2028separator\u2029paragraph\x85next. \u00a0nbsp.\n'.encode(),
}


def ntrex(data_dir):
    """{lang: [lines]} and the document id of each line, or None."""
    d = os.path.join(data_dir, 'ntrex-dev')
    if not os.path.isdir(d):
        return None, None
    lines = {}
    for l in NTREX:
        with open(os.path.join(d, l + '.txt'), 'rb') as f:
            lines[l] = f.read().split(b'\n')[:-1]
    with open(os.path.join(d, 'documents.tsv'), 'rb') as f:
        docs = [x.split(b'\t')[0] for x in f.read().split(b'\n')[:-1]]
    return lines, docs


def documents(lines, docs, count):
    """The first `count` NTREX documents: [{lang: [lines]}]."""
    out, order = {}, []
    for k, d in enumerate(docs):
        if d not in out:
            if len(order) == count:
                break
            out[d] = {l: [] for l in NTREX}
            order.append(d)
        for l in NTREX:
            out[d][l].append(lines[l][k])
    return [out[d] for d in order]


def paragraphs(doc_lines, per=3):
    """Lines joined as raw paragraphs: `per` sentences each, blank line between."""
    groups = [b' '.join(doc_lines[k:k + per]) for k in range(0, len(doc_lines), per)]
    return b'\n\n'.join(groups) + b'\n'


def zip_bytes(members, compress=True):
    """A zip archive of (name, bytes) members, written by Python's zipfile."""
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # deterministic
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            z.writestr(info, data)
    return buf.getvalue()


def pdf_bytes(pages, compress=False):
    """A PDF of pages of (baseline y, text) lines in Helvetica 12 pt; the
    content streams FlateDecode-compressed if `compress`."""
    import zlib
    objs = ['<< /Type /Catalog /Pages 2 0 R >>'.encode(), b'',
            b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>']
    kids = ' '.join(f'{4 + 2 * i} 0 R' for i in range(len(pages)))
    objs[1] = f'<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>'.encode()
    for i, lines in enumerate(pages):
        objs.append(f'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>'.encode())
        content = ''.join(f'BT /F1 12 Tf 72 {y} Td ({t}) Tj ET\n' for y, t in lines).encode('latin-1')
        flt = b''
        if compress:
            content, flt = zlib.compress(content, 9), b' /Filter /FlateDecode'
        objs.append(b'<< /Length %d%s >>\nstream\n' % (len(content), flt) + content + b'\nendstream')
    out, offsets = b'%PDF-1.4\n', []
    for k, o in enumerate(objs):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % (k + 1) + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1) + b''.join(b'%010d 00000 n \n' % o for o in offsets)
    return out + b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)


def input_seeds(add, news):
    """Seeds of the input readers' targets (fuzz_zip, fuzz_html, fuzz_xliff,
    fuzz_subtitles, fuzz_pdf): small real-shaped files made from the news seeds."""
    from xml.sax.saxutils import escape
    paras = [p.decode('utf-8') for p in cut(news[sorted(news)[0]], 700).split(b'\n') if p.strip()][:3]
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = ''.join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)} </w:t></w:r><w:r><w:tab/></w:r></w:p>'
                   for p in paras)
    doc = f'<?xml version="1.0"?><w:document {w}><w:body>{body}<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Sel</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>'
    notes = f'<w:footnotes {w}><w:footnote w:id="1"><w:p><w:r><w:t>Catatan.</w:t></w:r></w:p></w:footnote></w:footnotes>'
    add('fuzz_zip', 'docx', b'\x00' + zip_bytes([('word/document.xml', doc), ('word/footnotes.xml', notes)]))
    add('fuzz_zip', 'docx-stored', b'\x00' + zip_bytes([('word/document.xml', doc)], compress=False))
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ps = ''.join(f'<text:p>{escape(p)}<text:s/><text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>N.</text:p></text:note-body></text:note></text:p>' for p in paras)
    add('fuzz_zip', 'odt', b'\x01' + zip_bytes([('mimetype', 'application/vnd.oasis.opendocument.text'),
                                                ('content.xml', f'<office:document-content {ns}><office:body><office:text><text:h>H</text:h>{ps}</office:text></office:body></office:document-content>')]))
    page = ('<!DOCTYPE html><html><head><title>T</title><style>p{}</style><script>var a="<p>";</script></head><body>'
            '<nav><a href="/">Beranda</a></nav><h1>Judul &amp; isi</h1>'
            + ''.join(f'<p>{escape(p)}<br><b>x</b></p>' for p in paras)
            + '<table><tr><td>Sel<td>Dua</table><ul><li>Satu<li>Dua</ul><!-- c --></body></html>')
    add('fuzz_html', 'page', page.encode('utf-8'))
    add('fuzz_html', 'nested', b'<div>' * 70 + b'x' + b'</div>' * 70)
    units = ''.join(f'<trans-unit id="{i}"><source>{escape(p)}</source><seg-source><mrk mtype="seg" mid="1">{escape(p[:20])}</mrk></seg-source><target>T <g id="1">g</g><ph id="2">{{0}}</ph>.</target></trans-unit>' for i, p in enumerate(paras))
    add('fuzz_xliff', 'v12', b'\x00<?xml version="1.0"?><xliff version="1.2"><file><body><group>' + units.encode('utf-8') + b'</group></body></file></xliff>')
    add('fuzz_xliff', 'v20-target', b'\x01<xliff version="2.0"><file id="f"><unit id="u"><segment id="1"><source>Satu.</source><target>One <pc id="1">big</pc>.</target></segment><ignorable><source> </source></ignorable></unit></file></xliff>')
    add('fuzz_xliff', 'entities', b'\x00<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><xliff version="1.2"><file><body><trans-unit id="1"><source>&b; &amp; &#x41;</source></trans-unit></body></file></xliff>')
    cues = ''.join(f'{i + 1}\r\n00:00:{i:02d},000 --> 00:00:{i:02d},900\r\n<i>{p[:40]}</i>\r\n{{\\an8}}{p[40:80]}\r\n\r\n' for i, p in enumerate(paras))
    add('fuzz_subtitles', 'srt', b'\x00' + cues.encode('utf-8'))
    vtt = 'WEBVTT - x\n\nNOTE n\n\nSTYLE\n::cue {}\n\n' + ''.join(f'c{i}\n00:{i:02d}.000 --> 00:{i:02d}.900 align:start\n<v A>{escape(p[:50])}</v> &amp;\n\n' for i, p in enumerate(paras))
    add('fuzz_subtitles', 'vtt', b'\x01' + vtt.encode('utf-8'))
    # fuzz_pdf: text lines, paragraph gaps, a hyphen at a line end, a
    # paragraph running on to the next page; compressed and not.
    words = paras[0].encode('ascii', 'replace').decode().replace('(', '').replace(')', '').split(' ')
    page1 = [(700 - 14 * i, ' '.join(words[6 * i:6 * i + 6])) for i in range(4)]
    page1 += [(600, 'Die Verein-'), (586, 'barung gilt ab')]
    add('fuzz_pdf', 'pages', pdf_bytes([page1, [(700, 'heute.'), (650, 'Neu.')]]))
    add('fuzz_pdf', 'flate', pdf_bytes([page1[:3], [(700, 'Satu-'), (686, 'dua.')]], compress=True))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--data', default=os.path.join(os.path.dirname(ROOT), 'shared', 'data'))
    args = ap.parse_args()
    out_root = os.path.join(HERE, 'corpus')
    seeds = {}

    def add(target, name, data):
        seeds.setdefault(target, {})[name] = data

    news_dir = os.path.join(ROOT, 'corpora', 'vietnam-news')
    news = {}
    for name in sorted(os.listdir(news_dir)):
        if name.endswith('.txt'):
            with open(os.path.join(news_dir, name), 'rb') as f:
                news[name[:3]] = f.read()
    news_lang = {'000': 'id', '001': 'hi', '002': 'uk', '003': 'de', '004': 'en'}
    lines, docs = ntrex(args.data)
    if lines is None:
        sys.exit(f'make_seeds: no ntrex-dev under {args.data} (use --data)')
    docs5 = documents(lines, docs, 6)

    # fuzz_document: raw files.
    for k, data in news.items():
        add('fuzz_document', f'news-{k}', cut(data, 4096))
    for l in NTREX:
        add('fuzz_document', f'ntrex-{l}', b'\n'.join(lines[l][:8]) + b'\n')
    for name, data in ODD.items():
        add('fuzz_document', name, data)

    # fuzz_segmenter: language byte, flags byte, text.
    for k, data in news.items():
        l = news_lang[k]
        add('fuzz_segmenter', f'news-{k}', lang_byte(l) + b'\x00' + cut(data, 3000))
        add('fuzz_segmenter', f'news-{k}-nolines', lang_byte(l) + b'\x01' + cut(data, 3000))
    for l in NTREX:
        text = paragraphs(docs5[0][l])
        add('fuzz_segmenter', f'ntrex-{l}-paragraphs', lang_byte(l) + b'\x00' + cut(text, 3000))
        add('fuzz_segmenter', f'ntrex-{l}-cap200', lang_byte(l) + b'\x0c' + cut(text, 3000))
    add('fuzz_segmenter', 'repeat-window', lang_byte('en') + b'\x11' + b'One. Two three! 2.645 x. ')
    add('fuzz_segmenter', 'long-word', lang_byte('und') + b'\x04' + ODD['long_word'])
    for name in ('crlf', 'cr', 'combining', 'rtl', 'separators', 'bom', 'whitespace'):
        add('fuzz_segmenter', name, lang_byte('und') + b'\x00' + ODD[name])

    # fuzz_numbers and fuzz_anchors: language byte (+ flags), one sentence.
    for l in NTREX:
        picked = [s for s in lines[l] if any(c in b'0123456789' for c in s)][:6]
        for i, s in enumerate(picked):
            add('fuzz_numbers', f'ntrex-{l}-{i}', lang_byte(l) + s)
        named = [s for s in lines[l] if len(s) < 300][:30:5]
        for i, s in enumerate(named):
            add('fuzz_anchors', f'ntrex-{l}-{i}', lang_byte(l) + b'\x00' + s)
    for k, data in news.items():
        first = [s for s in data.split(b'\n') if any(c in b'0123456789' for c in s)][:2]
        for i, s in enumerate(first):
            add('fuzz_numbers', f'news-{k}-{i}', lang_byte(news_lang[k]) + cut(s, 1000))
            add('fuzz_anchors', f'news-{k}-{i}', lang_byte(news_lang[k]) + b'\x00' + cut(s, 1000))
    for name in ('numbers', 'links', 'rtl', 'combining'):
        add('fuzz_numbers', name, lang_byte('und') + ODD[name])
        add('fuzz_anchors', name, lang_byte('und') + b'\x00' + ODD[name])
    add('fuzz_numbers', 'ar-digits', lang_byte('ar') + '٢٠٢٥ و ٣١٫٨٢٪ و ١٬٥٠٠'.encode())
    add('fuzz_numbers', 'hi-digits', lang_byte('hi') + '१,२३,४५६ और २.६४५'.encode())
    add('fuzz_anchors', 'raw-bytes', lang_byte('en') + b'\x20' + b'Che \xe0\xa4 Tao \xff met MWP.')

    # fuzz_names: two names.
    for a, b in [('Che Tao', 'चे ताओ'), ('Лок Бінь', 'Loc Binh'), ('Trump', 'Трампа'),
                 ('Na Duong', 'Xuan Duong'), ('Nguyễn Phú Trọng', 'न्गुयेन फू चोंग'),
                 ('Philipp', 'Filip'), ('Zelensky', 'Зеленський')]:
        add('fuzz_names', f'{a}', a.encode() + SEP + b.encode())

    # fuzz_language: flags byte, text.
    for l in NTREX:
        add('fuzz_language', f'ntrex-{l}', b'\x00' + b' '.join(lines[l][:5]))
        add('fuzz_language', f'ntrex-{l}-slices', b'\x10' + b' '.join(lines[l][:40]))
    add('fuzz_language', 'mixed', b'\x00' + lines['en'][0] + b' ' + lines['de'][1] + b' ' + lines['hi'][2])
    add('fuzz_language', 'raw-invalid', b'\x20' + ODD['overlong'])
    add('fuzz_language', 'rtl', b'\x00' + ODD['rtl'])

    # fuzz_dictionary: file bytes.
    add('fuzz_dictionary', 'cli-test', 'komune\tकम्यून\n# a comment\n\npartai\tपार्टी\n'.encode())
    add('fuzz_dictionary', 'bad-line', b'no tab here\n')
    add('fuzz_dictionary', 'crlf', b'Haus\thouse\r\nBaum\ttree\r\n')
    words = [(a.split(b' ')[0], b.split(b' ')[0]) for a, b in zip(lines['de'][:40], lines['en'][:40])]
    add('fuzz_dictionary', 'ntrex-de-en', b''.join(a + b'\t' + b + b'\n' for a, b in words))
    add('fuzz_dictionary', 'invalid', b'ab\xc0\xaf\tcd\n')

    # fuzz_pair_jsonl: A, SEP, B, SEP, pair JSONL over them (presegmented
    # NTREX lines, one bead per line pair, a 2-1 and a 1-0 bead at the end,
    # as a corrected alignment from the review page may hold).
    def pair_jsonl(a_lines, b_lines):
        def spans(doc_lines):
            out, p = [], 0
            for line in doc_lines:
                out.append([p, p + len(line)])
                p += len(line) + 1
            return out
        sa, sb = spans(a_lines), spans(b_lines)
        beads = [([k], [k]) for k in range(len(b_lines) - 1)]
        n = len(b_lines) - 1
        beads += [([n, n + 1], [n]), ([n + 2], [])]
        out = b''
        for a, b in beads:
            line = ('{"a":%s,"a_spans":%s,"b":%s,"b_spans":%s,"confidence":0.9,"cost":1.5}\n' % (
                a, [sa[i] for i in a], b, [sb[i] for i in b])).replace(' ', '')
            out += line.encode()
        return out
    for l1, l2 in [('de', 'en'), ('hi', 'uk')]:
        a_lines, b_lines = lines[l1][:6], lines[l2][:4]
        add('fuzz_pair_jsonl', f'ntrex-{l1}-{l2}', b'\n'.join(a_lines) + b'\n' + SEP +
            b'\n'.join(b_lines) + b'\n' + SEP + pair_jsonl(a_lines, b_lines))
    add('fuzz_pair_jsonl', 'bad-line', b'Eins.\n' + SEP + b'One.\n' + SEP +
        b'{"a":[0],"a_spans":[[0,5]],"b":[0],"b_spans":[[0,4]],"confidence":1}\n{"a":[1]\n')

    # fuzz_dictd: flag byte (1: plain .dict), index, 0x1E, text (gzip unless plain).
    # Definitions in the layouts of FreeDict's sources (Ding, WikDict, the
    # English-Hindi and French-English databases), and words of ntrex-dev.
    definitions = [
        ('government', 'government /ɡˈʌvənmənt/ (Gov. /ɡˈɒv/, )\nRegierung <fem> [pol.]\n'
         '      "government in exile"  - Exilregierung\n   Synonym: {administration}\n\n'
         ' see: {governments}\n'),
        ('say sth.', 'say sth. /sˈeɪ/ (said /sˈɛd/ <>)\netw. sagen, etw. äußern <v, trans>\n'),
        ('house', 'house //haʊs// //hʌʊs// <n>\n1. balai, rumah\narchetypal structure\n'
         '2. bilik, kamar\ndebating chamber\n'),
        ('maison', 'maison /mɛ.zɔ̃/ <n, fem>\n1. Haus 2.\nBâtiment\n 3.\nMaisonnée\n2. Heim, Haus\nFoyer\n'),
        ('house', 'house /hˈaʊs/ <N>\n1. घर\n      "example"\n'),
    ] + [(a.decode(), a.decode() + '\n' + b.decode() + '\n') for a, b in words[:12] if a and b]

    def b64(v):
        digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
        out = ''
        while True:
            out = digits[v % 64] + out
            v //= 64
            if not v:
                return out

    def database(defs):
        text = '00-database-info\nA seed.\n'.encode()
        index = '00databaseinfo\tA\t' + b64(len(text)) + '\n'
        for head, d in defs:
            d = d.encode()
            index += head + '\t' + b64(len(text)) + '\t' + b64(len(d)) + '\n'
            text += d
        return index.encode(), text

    index, text = database(definitions)
    add('fuzz_dictd', 'freedict-layouts', b'\x00' + index + SEP + gzip.compress(text, mtime=0))
    add('fuzz_dictd', 'freedict-layouts-plain', b'\x01' + index + SEP + text)
    add('fuzz_dictd', 'past-the-end', b'\x01' + b'Haus\tA\tL\nHund\tZZ\tB\n' + SEP + b'Haus\nhouse\n')
    add('fuzz_dictd', 'truncated-gzip', b'\x00' + b'Haus\tA\tL\n' + SEP +
        gzip.compress(b'Haus\nhouse\n', mtime=0)[:-9])

    # fuzz_aligner: three option bytes, then (flags, uint16 length) per sentence.
    def records(la, lb, para_every=3):
        out = b''
        for side, ls in ((0, la), (1, lb)):
            for k, n in enumerate(ls):
                flags = side | (2 if k and k % para_every == 0 else 0)
                out += bytes([flags]) + struct.pack('<H', min(n, 0xFFFF))
        return out

    def cps(line):
        return len(line.decode('utf-8'))

    for d, doc in enumerate(docs5[:4]):
        for l in ('de', 'hi'):
            la = [cps(s) for s in doc['en']]
            lb = [cps(s) for s in doc[l]]
            add('fuzz_aligner', f'ntrex{d}-en-{l}', b'\x7f\x00\x04' + records(la, lb))
            add('fuzz_aligner', f'ntrex{d}-en-{l}-coarse', b'\x7f\x09\x31' + records(la, lb))
    la = [cps(s) for s in lines['en'][:60]]
    lb = [cps(s) for s in lines['uk'][:60]]
    add('fuzz_aligner', 'ntrex-60-insertions', b'\x03\x1a\x12' + records(la[:30] + la[35:], lb))
    add('fuzz_aligner', 'huge-lengths', b'\x7f\x02\x00' + b'\xf8\xff\xff\x01\x10\x00\xf9\xff\xff')
    add('fuzz_aligner', 'zero-lengths', b'\x7f\x00\x20' + b'\x00\x00\x00\x01\x00\x00\x00\x05\x00')

    # fuzz_pair: language bytes, flags, A, 0x1E, B [, 0x1E, dictionary].
    add('fuzz_pair', 'news-id-hi', lang_byte('id') + lang_byte('hi') + b'\x00' +
        cut(news['000'], 2000) + SEP + cut(news['001'], 3000))
    add('fuzz_pair', 'news-auto', b'\x00\x00\x08' + cut(news['000'], 1500) + SEP + cut(news['001'], 2500))
    add('fuzz_pair', 'news-unrelated', b'\x00\x00\x00' + cut(news['003'], 1500) + SEP + cut(news['004'], 1500))
    for d, doc in enumerate(docs5[:3]):
        add('fuzz_pair', f'ntrex{d}-en-de-pre', lang_byte('en') + lang_byte('de') + b'\x01' +
            b'\n'.join(doc['en']) + SEP + b'\n'.join(doc['de']))
        add('fuzz_pair', f'ntrex{d}-uk-hi-coarse', lang_byte('uk') + lang_byte('hi') + b'\x10' +
            paragraphs(doc['uk']) + SEP + paragraphs(doc['hi']))
    add('fuzz_pair', 'dictionary', lang_byte('de') + lang_byte('en') + b'\x20' +
        paragraphs(docs5[3]['de']) + SEP + paragraphs(docs5[3]['en']) + SEP +
        b''.join(a + b'\t' + b + b'\n' for a, b in words))
    add('fuzz_pair', 'self', lang_byte('en') + lang_byte('en') + b'\x00' +
        paragraphs(docs5[1]['en']) + SEP + paragraphs(docs5[1]['en']))
    add('fuzz_pair', 'empty-side', lang_byte('en') + lang_byte('de') + b'\x00' + SEP + paragraphs(docs5[1]['de']))

    # fuzz_corpus: flags, files separated by 0x1E.
    files = []
    for doc in docs5[:3]:
        for l in ('en', 'de', 'hi'):
            files.append(cut(paragraphs(doc[l]), 700))
    add('fuzz_corpus', 'ntrex-3x3', b'\x00' + SEP.join(files[:8]))
    add('fuzz_corpus', 'ntrex-pre', b'\x09' + SEP.join(b'\n'.join(d[l][:6]) for d in docs5[3:5] for l in ('id', 'uk')))
    add('fuzz_corpus', 'news', b'\x00' + SEP.join(cut(news[k], 900) for k in sorted(news)))
    add('fuzz_corpus', 'noncharacters', b'\x00' + SEP.join([
        cut(paragraphs(docs5[4]['en']), 600).replace(b'.', ' \ufffe.'.encode(), 2),
        cut(paragraphs(docs5[4]['uk']), 900)]))
    add('fuzz_corpus', 'bad-files', b'\x10' + SEP.join([cut(paragraphs(docs5[5]['en']), 600), ODD['nul'],
                                                        ODD['utf16le'], cut(paragraphs(docs5[5]['de']), 600)]))

    input_seeds(add, news)

    for target, items in sorted(seeds.items()):
        d = os.path.join(out_root, target)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for name, data in sorted(items.items()):
            safe = ''.join(c if c.isalnum() or c in '-_' else '_' for c in name)
            with open(os.path.join(d, safe), 'wb') as f:
                f.write(data)
        print(f'{target}: {len(items)} seeds, {sum(len(v) for v in items.values())} bytes')


if __name__ == '__main__':
    main()
