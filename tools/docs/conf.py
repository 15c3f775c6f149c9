# Sphinx configuration for the offline docs site (used by tools/build_docs; Quarto is the upstream nbdev way, but it
# cannot be installed offline). The source folder is the staging folder of nbdev-processed notebooks that
# tools/build_docs writes; it passes the project's settings.ini values in through environment variables.
import os

project = os.environ.get("DOCS_TITLE", "electra_nbdev")
author = os.environ.get("DOCS_AUTHOR", "")
copyright = os.environ.get("DOCS_COPYRIGHT", "")
release = version = os.environ.get("DOCS_VERSION", "")
html_title = project

extensions = ["myst_nb", "sphinx.ext.mathjax"]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["electra_docs.css"]

# Notebooks are rendered from their saved outputs, never executed here.
nb_execution_mode = "off"
nb_merge_streams = True
nb_output_stderr = "show"
# show_doc and other markdown outputs go through MyST too, so $math$ and tables work in them.
nb_render_markdown_format = "myst"
# Widgets need JavaScript from a CDN: never load it (build_docs also strips widget views and state).
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "attrs_inline", "attrs_block", "deflist",
                          "html_image", "strikethrough", "tasklist"]
myst_dmath_double_inline = True
myst_heading_anchors = 4
# show_doc writes `###` headings right under a chapter's `#` title; that is intended.
suppress_warnings = ["myst.header", "myst.strikethrough"]

# MathJax is served from the site itself (tools/docs/_static/mathjax, from the npm package mathjax@3.2.2).
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {"tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]},
                   "options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"}}

html_theme = "sphinx_book_theme"
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
    "show_navbar_depth": 1,
    "collapse_navbar": False,
}
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_use_index = False
html_domain_indices = False
html_permalinks_icon = "#"
# Determinism: no build info, no dates.
html_show_sphinx = False
html_show_search_summary = False  # the summaries are fetch()ed, which file:// forbids
html_context = {"default_mode": "light"}  # without it pydata-sphinx-theme logs a console error on a first visit
# One search field (the one in the header); the sidebar keeps the site title and the chapters.
html_sidebars = {"**": ["navbar-logo.html", "icon-links.html", "sbt-sidebar-nav.html"]}
