/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

/** Injected by config/index.ts `defineConstants`: CloudBase env id for the weapp build ('' = default). */
declare const CLOUD_ENV: string;
/**
 * Injected by config/index.ts: the plain-link prefix registered in the WeChat console
 * (扫普通链接二维码打开小程序) for the check-in page, or '' when none (docs/checkin.md).
 */
declare const CHECKIN_LINK_PREFIX: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    /** The platform being built; Taro replaces it at build time so the other branch is dropped. */
    TARO_ENV: 'weapp' | 'h5' | undefined;
    TARO_APP_CLOUD_ENV?: string;
    TARO_APP_CHECKIN_LINK_PREFIX?: string;
  }
}
