#!/usr/bin/env python3
"""Render the SQuAD articles and the bundled report into PDFs in several layouts.

render.py LAYOUT OUTDIR   (LAYOUT: latex, lo, groff, all)
"""
import html
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

SQUAD = os.path.join(ROOT, "testdata/squad/docs")
BUNDLED = os.path.join(ROOT, "testdata/IF10165-reading-order.txt")


def read_doc(path):
    text = open(path, encoding="utf-8").read().replace("\u200b", "")
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return paras


def squad_docs():
    out = []
    for name in sorted(os.listdir(SQUAD)):
        if not name.endswith(".txt"):
            continue
        paras = read_doc(os.path.join(SQUAD, name))
        title = paras[0].replace("_", " ")
        blocks = [("p", p) for p in paras[1:]]
        out.append(dict(base=name[:-4], title=title, author="From Wikipedia, the free encyclopedia",
                        date="Retrieved 2016", blocks=blocks, url="https://en.wikipedia.org/wiki/" + name[:-4],
                        crs=False))
    return out


def is_heading(p):
    return len(p.split()) <= 8 and not re.search(r"[.!?:,;)]$", p) and "," not in p


def bundled_doc():
    paras = read_doc(BUNDLED)
    blocks = [("h" if is_heading(p) else "p", p) for p in paras]
    return dict(base="bundled", title="South Korea: Background and U.S. Relations",
                author="Congressional Research Service", date="Updated May 18, 2021", blocks=blocks,
                url="https://crsreports.congress.gov", crs=True)


# ---------------------------------------------------------------- LaTeX

LATEX_MAP = {
    "’": "'", "‘": "`", "“": "``", "”": "''", "–": "--", "—": "---", "°": r"\textdegree{}",
    "Π": r"$\Pi$", "⊆": r"$\subseteq$", "≠": r"$\neq$", "√": r"$\surd$", "×": r"$\times$",
    "€": r"\texteuro{}", "£": r"\pounds{}", "§": r"\S{}", "ð": r"\dh{}",
}


def tex_escape(s):
    out = []
    for ch in s:
        if ch in "\\":
            out.append(r"\textbackslash{}")
        elif ch in "&%$#_{}":
            out.append("\\" + ch)
        elif ch == "~":
            out.append(r"\textasciitilde{}")
        elif ch == "^":
            out.append(r"\textasciicircum{}")
        elif ch in LATEX_MAP:
            out.append(LATEX_MAP[ch])
        else:
            out.append(ch)
    return "".join(out)


def latex_source(d):
    e = tex_escape
    head = [r"\documentclass[10pt,twocolumn,letterpaper]{article}",
            r"\usepackage[utf8]{inputenc}", r"\usepackage[T1]{fontenc}", r"\usepackage{lmodern}",
            r"\usepackage{textcomp}", r"\usepackage{amssymb}",
            r"\usepackage[margin=0.8in]{geometry}", r"\usepackage{fancyhdr}",
            r"\pagestyle{fancy}", r"\fancyhf{}",
            r"\fancyhead[L]{\small\itshape %s}" % e(d["title"]),
            r"\fancyhead[R]{\small %s}" % e(d["date"]),
            r"\fancyfoot[L]{\small\texttt{%s}}" % e(d["url"]),
            r"\fancyfoot[R]{\small \thepage}",
            r"\fancypagestyle{plain}{\fancyhf{}\fancyfoot[L]{\small\texttt{%s}}\fancyfoot[R]{\small\thepage}\renewcommand{\headrulewidth}{0pt}}" % e(d["url"]),
            r"\title{%s}" % e(d["title"]), r"\author{%s}" % e(d["author"]), r"\date{%s}" % e(d["date"]),
            r"\begin{document}", r"\maketitle"]
    body = []
    for kind, text in d["blocks"]:
        if kind == "h":
            body.append(r"\section*{%s}" % e(text))
        else:
            body.append(e(text) + "\n")
    return "\n".join(head + body + [r"\end{document}", ""])


def latexmt_source(d):
    # Times, microtype (protrusion and font expansion), a \thanks footnote
    # on the author, "Page N of M" footers, numbered sections for headings.
    src = latex_source(d)
    src = src.replace(r"\usepackage{lmodern}", r"\usepackage{mathptmx}\usepackage{microtype}\usepackage{lastpage}")
    src = src.replace(r"\fancyfoot[R]{\small \thepage}", r"\fancyfoot[R]{\small Page \thepage\ of \pageref{LastPage}}")
    src = src.replace(r"\fancyfoot[R]{\small\thepage}", r"\fancyfoot[R]{\small Page \thepage\ of \pageref{LastPage}}")
    src = src.replace(r"\author{%s}" % tex_escape(d["author"]), r"\author{%s\thanks{Text under CC BY-SA; typeset for testing.}}" % tex_escape(d["author"]))
    src = src.replace(r"\section*{", r"\section{")
    return src


def build_latex(d, outdir, source=None):
    source = source or latex_source
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.tex")
        open(src, "w", encoding="utf-8").write(source(d))
        for _ in range(2):
            r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "doc.tex"], cwd=tmp,
                               capture_output=True, text=True)
        if not os.path.exists(os.path.join(tmp, "doc.pdf")):
            sys.exit("latex failed for %s\n%s" % (d["base"], r.stdout[-3000:]))
        os.replace(os.path.join(tmp, "doc.pdf"), os.path.join(outdir, d["base"] + ".pdf"))
        open(os.path.join(srcdir(outdir), d["base"] + ".tex"), "w", encoding="utf-8").write(source(d))


# ---------------------------------------------------------------- groff -ms

def groff_escape(s):
    s = s.replace("\\", "\\e")
    # a line starting with . or ' is a request
    s = re.sub(r"^([.'])", r"\\&\1", s)
    return s


def groff_source(d):
    e = groff_escape
    lines = [".nr PS 10", ".nr VS 12", ".nr LL 6.5i", ".nr PO 1i", ".nr HM 0.8i", ".nr FM 0.9i",
             ".ds LH %s" % e(d["title"]), ".ds CH", ".ds RH %s" % e(d["date"]),
             ".ds LF %s" % e(d["url"]), ".ds CF", ".ds RF %",
             ".TL", e(d["title"]), ".AU", e(d["author"]), ".AI", e(d["date"]), ".2C"]
    for kind, text in d["blocks"]:
        if kind == "h":
            lines += [".SH", e(text)]
        else:
            lines += [".PP", e(text)]
    return "\n".join(lines) + "\n"


def build_groff(d, outdir):
    src = os.path.join(srcdir(outdir), d["base"] + ".ms")
    open(src, "w", encoding="utf-8").write(groff_source(d))
    with open(os.path.join(outdir, d["base"] + ".pdf"), "wb") as out:
        r = subprocess.run(["groff", "-k", "-ms", "-Tpdf", src], stdout=out, stderr=subprocess.PIPE, text=True)
    if r.returncode:
        sys.exit("groff failed for %s: %s" % (d["base"], r.stderr))


# ---------------------------------------------------------------- LibreOffice flat ODT

FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman"/>
 <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="10pt" fo:language="en" fo:country="US" fo:hyphenate="true"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0in" fo:margin-bottom="0.08in" fo:text-align="justify" fo:line-height="115%"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.06in"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="20pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Date" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.04in"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="9pt"/>
 </style:style>
 <style:style style:name="Author" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.2in"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="10pt" fo:font-style="italic"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.1in" fo:margin-bottom="0.04in" fo:keep-with-next="always"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="HeaderP" style:family="paragraph">
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="8pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Sect2" style:family="section">
  <style:section-properties text:dont-balance-text-columns="false">
   <style:columns fo:column-count="2" fo:column-gap="0.25in"/>
  </style:section-properties>
 </style:style>
 <style:page-layout style:name="PL">
  <style:page-layout-properties fo:page-width="8.5in" fo:page-height="11in" fo:margin-top="0.5in" fo:margin-bottom="0.5in" fo:margin-left="0.75in" fo:margin-right="0.75in"/>
  <style:header-style><style:header-footer-properties fo:min-height="0in" fo:margin-bottom="0.15in"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0in" fo:margin-top="0.15in"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="PL">
  <style:header><text:p text:style-name="HeaderP">@HEADER@</text:p></style:header>
  <style:footer><text:p text:style-name="HeaderP">@URL@<text:tab/>Page <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""


def fodt_source(d):
    x = lambda s: html.escape(s, quote=False)
    out = [FODT_HEAD.replace("@HEADER@", x(d["title"])).replace("@URL@", x(d["url"]))]
    out.append('<text:p text:style-name="Date">%s</text:p>' % x(d["date"]))
    out.append('<text:p text:style-name="Title">%s</text:p>' % x(d["title"]))
    out.append('<text:p text:style-name="Author">%s</text:p>' % x(d["author"]))
    out.append('<text:section text:style-name="Sect2" text:name="Body">')
    for kind, text in d["blocks"]:
        style = "Heading" if kind == "h" else "Body"
        out.append('<text:p text:style-name="%s">%s</text:p>' % (style, x(text)))
    out.append("</text:section></office:text></office:body></office:document>\n")
    return "\n".join(out)


def build_lo(d, outdir):
    src = os.path.join(srcdir(outdir), d["base"] + ".fodt")
    open(src, "w", encoding="utf-8").write(fodt_source(d))
    with tempfile.TemporaryDirectory() as home:
        r = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", outdir, src],
                           capture_output=True, text=True, env=dict(os.environ, HOME=home))
    if not os.path.exists(os.path.join(outdir, d["base"] + ".pdf")):
        sys.exit("soffice failed for %s: %s %s" % (d["base"], r.stdout, r.stderr))


def srcdir(outdir):
    p = os.path.join(os.path.dirname(outdir), "src", os.path.basename(outdir))
    os.makedirs(p, exist_ok=True)
    return p


BUILDERS = {"latexmt": lambda d, o: build_latex(d, o, latexmt_source), "latex": build_latex, "groff": build_groff, "lo": build_lo}


def main():
    layout, root = sys.argv[1], sys.argv[2]
    layouts = list(BUILDERS) if layout == "all" else [layout]
    docs = squad_docs() + [bundled_doc()]
    only = sys.argv[3:]
    for lay in layouts:
        outdir = os.path.join(root, lay)
        os.makedirs(outdir, exist_ok=True)
        for d in docs:
            if only and d["base"] not in only:
                continue
            BUILDERS[lay](d, outdir)
            print(lay, d["base"])


if __name__ == "__main__":
    main()
