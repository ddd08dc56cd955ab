/** Component and client tests: jsdom, with Taro and NutUI replaced by small stand-ins (test/). */
module.exports = {
  displayName: 'miniapp',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/**/*.test.ts?(x)'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-after-env.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2020',
        },
      },
    ],
  },
  moduleNameMapper: {
    '^@tarojs/components$': '<rootDir>/test/taro-components.tsx',
    '^@tarojs/taro$': '<rootDir>/test/taro.ts',
    // NutUI's bundled entry loads lottie, which needs <canvas>: use the per-component CJS builds.
    '^@nutui/nutui-react-taro$': '<rootDir>/test/nutui.ts',
    '^@nutui/nutui-react-taro/dist/.*/style/css$': 'identity-obj-proxy',
    '\\.(css|scss)$': 'identity-obj-proxy',
    '\\.(wav|mp3)$': '<rootDir>/test/file-stub.ts',
  },
};
