/*
 * What the search dialog takes from the page Material built: the site root (results link
 * to pages under it) and the result texts, Material's Chinese translations where it has
 * them and the dialog's own words where it has none.
 */

/** Material's page configuration: the site root and the translated result texts. */
export function pageConfig() {
  let config = {};
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch (err) {
    config = {};
  }
  const translations = config.translations || {};
  const root = new URL(typeof config.base === "string" ? config.base : ".", location.href);
  if (!/\/$/.test(root.pathname)) {
    root.pathname += "/";
  }
  const t = (key, fallback) => translations[key] || fallback;
  const text = {
    placeholder: t("search.result.placeholder", "键入以开始搜索"),
    none: t("search.result.none", "没有找到符合条件的结果"),
    noneFor: "没有找到与“#”相关的结果",
    about: "约 # 个符合条件的结果",
    projects: "项目",
    wholes: "部门整体支出绩效评价",
    others: "其他页面",
    one: t("search.result.one", "找到 1 个符合条件的结果"),
    other: t("search.result.other", "# 个符合条件的结果"),
    loading: "正在搜索……",
    partial: "已找到 # 个结果，正在搜索全部索引……",
    failed: "搜索暂时不可用，请刷新页面后重试",
    more: "显示更多"
  };
  return { root, text };
}
