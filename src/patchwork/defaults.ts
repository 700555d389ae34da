/** Patchwork facts shared by the CLI configuration and the acquisition stage. */

export const DEFAULT_SERVER = 'https://patchwork.kernel.org';
/** REST API versions abi-check speaks; 1.3 is the newest released (1.4 answers 404 on Patchwork 3.1). */
export const API_VERSIONS: readonly string[] = ['1.0', '1.1', '1.2', '1.3'];
export const DEFAULT_API_VERSION = '1.3';
