export { createDataSource } from './data-source';
export type { DataSourceSettings } from './data-source';
export { databaseHealth } from './database-health';
export { ensureDatabase } from './ensure-database';
export type { ServerSettings } from './ensure-database';
export { migrateCommand } from './migrate-command';
export { runMigrations } from './run-migrations';
export { MysqlConfig, mysqlSettings } from './mysql-settings';
export { affectedRows, inTransaction, isDuplicateKey, isLockNotGranted, isStatementError, Rollback, Statement, statement, Transaction, TransactionOptions } from './transaction';
