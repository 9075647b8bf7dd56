"""财政支出项目绩效评价结果公开 — site generator: load -> check -> score -> render -> write."""
