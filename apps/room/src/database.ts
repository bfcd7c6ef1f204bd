import { DataSourceSettings, mysqlSettings } from '@ovation/database';
import { RoomAdminEntity, RoomBanEntity, RoomEntity, roomMigrations, RoomMuteEntity, SensitiveWordEntity, SensitiveWordListEntity } from '@ovation/room-server';
import type { RoomDatabaseConfig } from './config';

export function roomDatabase(config: RoomDatabaseConfig): DataSourceSettings {
  return mysqlSettings(config, { entities: [RoomEntity, RoomAdminEntity, RoomMuteEntity, RoomBanEntity, SensitiveWordListEntity, SensitiveWordEntity], migrations: roomMigrations });
}
