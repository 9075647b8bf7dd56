/*
 * Charts fitted to the width they are drawn at (issue 46, item 6). The generator writes one
 * option per chart, for a desktop column; a phone's column is a third as wide, so the same
 * option runs years together, lets value labels collide and cuts labels at the edge.
 * `peChartFit(option, width)` returns a copy of the option for `width` CSS pixels and the
 * height the chart needs there; pe.js calls it at init and again when the width changes.
 * Nothing here adds or changes a figure: labels are made smaller, thinned, turned or, where
 * they would still collide, left to the data table below the chart, which has every number.
 */
(function () {
  "use strict";

  var NARROW = 560; // below this a column is a phone's
  var FONT = 12; // ECharts' default label size, px
  var PANEL_MIN = 170; // small multiples: the narrowest panel
  var PANEL_HEIGHT = 132;

  function list(value) {
    if (value === undefined || value === null) {
      return [];
    }
    return Array.isArray(value) ? value : [value];
  }

  /** Rough width of a label, px: a CJK character is a full em, others about half. */
  function textWidth(text, size) {
    var w = 0;
    String(text).split("").forEach(function (c) {
      w += c.charCodeAt(0) > 0x2e80 ? size : size * 0.56;
    });
    return w;
  }

  function grid(option) {
    if (!option.grid || Array.isArray(option.grid)) {
      option.grid = Array.isArray(option.grid) && option.grid.length ? option.grid[0] : {};
    }
    return option.grid;
  }

  function categories(axis) {
    return list(axis).filter(function (a) { return a.type === "category" && a.data; })[0];
  }

  /** Value labels: never drawn over each other (ECharts hides the later of two that would
   *  collide); on a phone a size smaller, and a bar's label does not repeat its category. */
  function fitLabels(option, narrow, names) {
    var units = [];  // "评价分值（分）": on a phone "94.00 分" is "94.00", the axis says 分;
    // "得分率（%）": "100.00%" is "100.00", so two bars' labels side by side do not touch
    list(option.yAxis).concat(list(option.xAxis)).forEach(function (axis) {
      var unit = /（([^（）]+)）$/.exec(axis.name || "");
      if (axis.type === "value" && unit) {
        units.push(unit[1] === "%" ? "%" : " " + unit[1]);
      }
    });
    list(option.series).forEach(function (series) {
      var label = series.label;
      if (!label || label.show === false) {
        return;
      }
      series.labelLayout = { hideOverlap: true };
      if (label.padding === undefined) {
        label.padding = [0, 3]; // two labels closer than 6 px count as colliding
      }
      label.minMargin = 4; // and ECharts' estimate of a label's box is a little small
      if (!narrow) {
        return;
      }
      label.fontSize = 10;
      (series.data || []).forEach(function (d, i) {
        var name = names && names[i];
        var text = d && d.label && d.label.formatter;
        if (typeof text !== "string") {
          return;
        }
        if (name && text.indexOf(name + " ") === 0) {
          text = text.slice(name.length + 1);
        }
        units.forEach(function (unit) {
          if (text.slice(-unit.length) === unit) {
            text = text.slice(0, -unit.length);
          }
        });
        d.label.formatter = text;
      });
    });
  }

  function labelledAt(option, position) {
    return list(option.series).some(function (s) {
      return s.label && s.label.show !== false && s.label.position === position;
    });
  }

  /** Categories along the bottom: years are thinned (every other year, and so on); names that
   *  do not fit their slot are turned and cut to a width (the table has them whole). */
  function fitBottomAxis(option, axis, width, narrow) {
    var names = axis.data.map(function (d) { return d && d.value !== undefined ? d.value : d; });
    var plot = width - 90;
    var slot = plot / Math.max(names.length, 1);
    var size = narrow ? 11 : FONT;
    var widest = Math.max.apply(null, names.map(function (n) { return textWidth(n, size); }));
    var label = axis.axisLabel = axis.axisLabel || {};
    label.fontSize = size;
    if (widest + 6 <= slot) {
      return;
    }
    if (names.every(function (n) { return /^\d{4}$/.test(String(n)); })) {
      label.interval = "auto";
      label.hideOverlap = true;
      return;
    }
    label.rotate = slot < 28 ? 90 : 45;
    label.width = narrow ? 84 : 120;
    label.overflow = "truncate";
    label.interval = 0;
    label.hideOverlap = true;
  }

  /** Horizontal bars: a row per category at least 26 px high, names cut to a third of the
   *  width, room on the right for the value labels. */
  function fitSideAxis(option, axis, width, narrow) {
    var label = axis.axisLabel = axis.axisLabel || {};
    label.width = Math.min(label.width || 180, Math.round(width * (narrow ? 0.34 : 0.3)));
    label.overflow = "truncate";
    if (narrow) {
      label.fontSize = 11;
    }
    // the value axis' unit below its middle, not at its end beside the lowest bar's label
    list(option.xAxis).forEach(function (value) {
      if (value.type === "value" && value.name) {
        value.nameLocation = "middle";
        value.nameGap = 26;
      }
    });
    return axis.data.length * 26 + 90;
  }

  /** The y axis' name above the plot, clear of the labels of bars and points that reach its
   *  top (a point's label stands a symbol higher than a bar's). */
  function fitValueName(option, width) {
    list(option.yAxis).forEach(function (axis, i) {
      if (axis.type === "value" && axis.name) {
        axis.nameGap = 30;
        axis.nameTextStyle = { align: i === 0 ? "left" : "right", padding: [0, 0, 0, 0] };
      }
    });
    var g = grid(option);
    var legend = list(option.legend).some(function (l) { return l.show !== false; });
    g.top = Math.max(Number(g.top) || 0, 56 + (legend ? legendRows(option, width) * 22 : 0));
  }

  /** How many rows a plain legend of the series' names wraps to at `width` px (an entry: its
   *  25 px mark, 5 px, the name, 10 px to the next). */
  function legendRows(option, width) {
    var rows = 1, used = 0;
    list(option.series).forEach(function (series) {
      var entry = 25 + 5 + textWidth(series.name || "", FONT) + 10;
      if (used && used + entry > width - 10) {
        rows += 1;
        used = 0;
      }
      used += entry;
    });
    return rows;
  }

  /** Small multiples: `pePanels` options carry one grid, axis pair, title and series per
   *  series; they are laid out here in as many columns as fit, each panel PANEL_HEIGHT high. */
  function fitPanels(option, width) {
    var n = option.grid.length;
    var cols = Math.max(1, Math.min(4, Math.floor(width / PANEL_MIN), n));
    var w = width / cols;
    option.grid.forEach(function (g, i) {
      var left = (i % cols) * w;
      var top = Math.floor(i / cols) * PANEL_HEIGHT;
      g.left = left + 34;
      g.top = top + 38;
      g.width = w - 34 - 14;
      g.height = PANEL_HEIGHT - 38 - 28;
      var title = option.title[i];
      title.left = left + 6;
      title.top = top + 6;
      title.textStyle.width = w - 12;
    });
    return Math.ceil(n / cols) * PANEL_HEIGHT + 4;
  }

  /** The option for `width` px, and the height (px) it needs there (0: the stylesheet's). */
  function fit(source, width) {
    var option = JSON.parse(JSON.stringify(source));
    var narrow = width < NARROW;
    if (option.pePanels) {
      delete option.pePanels;
      return { option: option, height: fitPanels(option, width), exact: true };
    }
    var height = 0;
    var bottom = categories(option.xAxis);
    var side = categories(option.yAxis);
    if (bottom) {
      fitBottomAxis(option, bottom, width, narrow);
      fitValueName(option, width);
    }
    if (side) {
      height = fitSideAxis(option, side, width, narrow);
    }
    if (labelledAt(option, "right")) {
      var g = grid(option);
      g.right = Math.max(Number(g.right) || 0, narrow ? 52 : 64);
    }
    fitLabels(option, narrow, (bottom || side || {}).data);
    return { option: option, height: height };
  }

  window.peChartFit = fit;
})();
