export { type FileStore, type StoredBlob } from './file-store.ts';
export { localFileStore } from './local-file-store.ts';
export { s3FileStore, type S3Settings } from './s3-file-store.ts';
export { s3SettingsFromEnv } from './s3-settings.ts';
export { openFileStore, registerTenantFiles, tenantFilesOf, type TenantFiles } from './store-registry.ts';
export { listFiles, filesOf, uploadFile, openFile, deleteFile, type FileInfo, type Upload } from './record-files.ts';
export { servedType, isPreviewable, DEFAULT_MAX_SIZE, DEFAULT_MAX_FILES } from './file-type.ts';
export { cleanFileName } from './clean-file-name.ts';
import './purge-files.ts';
