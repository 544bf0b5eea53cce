/**
 * Points the real `@cloudbase/node-sdk` (and `wx-server-sdk`, which wraps it) of THIS process at a
 * local cloud, through the same environment seam a function sees in SCF (see DESIGN.md "Local cloud").
 * Used by `--seed` and by the jest harness. It changes `process.env`: one local cloud per process.
 */
import tcb from '@cloudbase/node-sdk';

export type CloudBaseApp = ReturnType<typeof tcb.init>;

export function seamEnv(url: string, envId: string): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_NAMESPACE: envId,
    TCB_ENV: envId,
    TENCENTCLOUD_REGION: 'ap-shanghai',
    // any dummy pair: the emulator does not check signatures; without one the SDK refuses to sign
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
  };
}

export function pointSdkAt(url: string, envId: string): void {
  Object.assign(process.env, seamEnv(url, envId));
}

export function createSdkApp(url: string, envId: string): CloudBaseApp {
  pointSdkAt(url, envId);
  return tcb.init({ env: envId, timeout: 60_000 });
}
