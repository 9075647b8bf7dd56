"""The domain: the model, the one rounding policy, scoring, checks and the problem type;
also what the published record *is*, independent of how it is rendered: ``urls`` (where each
page and download lives) and ``fields`` (the columns of the open data). Pages, downloads and
the publishing step all read those two, so they live below all three (issue 36: no cycle)."""
