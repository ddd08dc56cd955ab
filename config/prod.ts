import type { UserConfigExport } from '@tarojs/cli';

export default {
  mini: {},
  h5: {
    // Keep the H5 build lean: no source maps shipped to residents' browsers.
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>;
