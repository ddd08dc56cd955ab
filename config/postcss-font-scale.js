/**
 * 大字模式: rewrites every `font-size: <length>` into
 * `max(calc(<length> * var(--hp-font-scale, 1)), var(--hp-font-min, 0PX))`,
 * after pxtransform (so rpx in the weapp, rem in H5). With the variable unset nothing changes;
 * components/LargeFont sets it on the page root, and all text in the app, ours and the UI kit's,
 * grows together while layout and tap targets keep their size.
 */
const LENGTH = /^-?(\d+\.?\d*|\.\d+)(px|rpx|rem|em|vw|vh|PX|Px)$/;

module.exports = (opts = {}) => {
  const variable = opts.variable || '--hp-font-scale';
  const floor = opts.floor || '--hp-font-min';
  return {
    postcssPlugin: 'hp-font-scale',
    Declaration: {
      'font-size': (decl) => {
        const value = decl.value.trim();
        if (!LENGTH.test(value)) return;
        // 长辈模式 also sets a floor (--hp-font-min, 18 px by the MIIT 适老化 spec) for the small print.
        decl.value = `max(calc(${value} * var(${variable}, 1)), var(${floor}, 0PX))`;
      },
    },
  };
};
module.exports.postcss = true;
