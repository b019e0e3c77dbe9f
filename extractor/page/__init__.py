"""Page geometry the PDF and scan readers share: grids from ruling lines (``grids``), words
placed into cells and paragraphs (``compose``), tables continued over pages
(``continuation``) and tick boxes (``boxes``). Neither reader imports the other."""
