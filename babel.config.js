// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// Targets come from the "browserslist" field of package.json (modern: keeps async code async).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
