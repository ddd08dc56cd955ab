// The component tests run in jsdom, i.e. they stand for the H5 build.
process.env.TARO_ENV = 'h5';
