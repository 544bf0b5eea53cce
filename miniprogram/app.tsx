import { type PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { warnIfBaseLibraryTooOld } from './services/baselib';
import { installPrivacyHandler } from './services/privacy';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // Once per launch, before any page calls the API. An empty CLOUD_ENV means the env chosen in
      // DevTools / the mini-program's default env.
      Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
      // Before any page may call a private API (services/privacy.ts).
      installPrivacyHandler();
      warnIfBaseLibraryTooOld();
    }
  });
  return children;
}

export default App;
