/**
 * 大字模式: rewrites every `font-size: <length>` into `calc(<length> * var(--hp-font-scale, 1))`,
 * after pxtransform (so rpx in the weapp, rem in H5). With the variable unset nothing changes;
 * components/LargeFont sets it on the page root, and all text in the app, ours and the UI kit's,
 * grows together while layout and tap targets keep their size.
 */
const LENGTH = /^-?(\d+\.?\d*|\.\d+)(px|rpx|rem|em|vw|vh|PX|Px)$/;

module.exports = (opts = {}) => {
  const variable = opts.variable || '--hp-font-scale';
  return {
    postcssPlugin: 'hp-font-scale',
    Declaration: {
      'font-size': (decl) => {
        const value = decl.value.trim();
        if (!LENGTH.test(value)) return;
        decl.value = `calc(${value} * var(${variable}, 1))`;
      },
    },
  };
};
module.exports.postcss = true;
