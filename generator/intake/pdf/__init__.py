"""PDFs as staff bring them in: pages read by PDFium in a bounded process (:mod:`.bounded`,
:mod:`.extract`), laid out as tables and lines (:mod:`.layout`), read by the same readers
as Word and Excel (:mod:`.reader`)."""
