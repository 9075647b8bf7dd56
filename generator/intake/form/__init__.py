"""项目支出绩效自评表 in the provinces' own layouts, from a worksheet (:mod:`.xlsx`) or a Word
table (:mod:`.docx`), both turned into one :class:`~.grid.Grid` that :mod:`.read` parses by
the meaning of its labels (:mod:`generator.core.vocabulary`): the head (:mod:`.read`), the
money block (:mod:`.funds`), the goals, the indicator table (:mod:`.table`)."""
