// The NutUI components the app uses, from their CommonJS builds (the package entry needs canvas).
export { default as Tag } from '@nutui/nutui-react-taro/dist/cjs/packages/tag/index.js';
