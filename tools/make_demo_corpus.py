"""Build `electra_nbdev/assets/demo_corpus.jsonl.gz` from the offline HTML of *The Rust Programming Language* book.

The book (https://github.com/rust-lang/book, by Steve Klabnik, Carol Nichols and Chris Krycho, with contributions from
the Rust community) is licensed under the MIT licence or the Apache License 2.0, at the reader's option; `rustup`
installs its HTML under `<toolchain>/share/doc/rust/html/book/`. We keep only the prose: paragraphs and list items,
never code listings. One document = one section (an `<h1>`, `<h2>` or `<h3>` heading and what follows it up to the next one);
one line = one paragraph. Run: `python tools/make_demo_corpus.py [path/to/book/print.html]`.
"""
import gzip, html, json, os, re, sys, glob
from html.parser import HTMLParser

class _Prose(HTMLParser):
    "Collect (section title, [paragraphs]) from an mdBook `print.html`."
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections, self.title, self.paras = [], None, []
        self.in_main = self.skip = 0
        self.buf, self.collecting, self.heading = None, None, None
    def handle_starttag(self, tag, attrs):
        if tag == 'main': self.in_main = 1
        if not self.in_main: return
        if tag in ('pre', 'script', 'style', 'table', 'sup'): self.skip += 1
        elif tag in ('h1', 'h2', 'h3'):
            self._close_section(); self.heading = []
        elif tag in ('p', 'li') and not self.skip and self.heading is None:
            if self.collecting is None: self.collecting, self.buf = tag, []
    def handle_endtag(self, tag):
        if not self.in_main: return
        if tag == 'main': self._close_section(); self.in_main = 0
        if tag in ('pre', 'script', 'style', 'table', 'sup'): self.skip = max(0, self.skip - 1)
        elif tag in ('h1', 'h2', 'h3') and self.heading is not None:
            self.title = ' '.join(''.join(self.heading).split()); self.heading = None
        elif tag == self.collecting:
            text = ' '.join(''.join(self.buf).split())
            if len(text.split()) >= 4: self.paras.append(text)
            self.collecting, self.buf = None, None
    def handle_data(self, data):
        if self.skip: return
        if self.heading is not None: self.heading.append(data)
        elif self.collecting is not None: self.buf.append(data)
    def _close_section(self):
        if self.paras: self.sections.append((self.title, self.paras))
        self.paras = []

def extract(path):
    p = _Prose(); p.feed(open(path, encoding='utf-8').read()); p.close()
    return p.sections

def main():
    src = sys.argv[1] if len(sys.argv) > 1 else glob.glob(os.path.expanduser(
        '~/.rustup/toolchains/*/share/doc/rust/html/book/print.html'))[0]
    sections = extract(src)
    out = os.path.join(os.path.dirname(__file__), '..', 'electra_nbdev', 'assets', 'demo_corpus.jsonl.gz')
    tmp = out + '.tmp'
    n_chars = 0
    with gzip.GzipFile(tmp, 'wb', compresslevel=9, mtime=0) as f:
        for title, paras in sections:
            doc = '\n'.join(paras); n_chars += len(doc)
            f.write((json.dumps({'title': title, 'text': doc}, ensure_ascii=False) + '\n').encode('utf-8'))
    os.replace(tmp, out)
    print(f"{len(sections)} documents, {n_chars/1e6:.2f} M characters -> {out} ({os.path.getsize(out)/1e3:.0f} kB)")

if __name__ == '__main__': main()
