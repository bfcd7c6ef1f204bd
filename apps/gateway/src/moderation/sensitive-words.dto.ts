import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import type { roomV1 } from '@ovation/contracts';
import { isoTime } from '../rooms/room.dto';

/** The platform list's bound; a room's (1,000) is the room service's to enforce. */
const WORDS_MAX = 10_000;
// The room service checks the real bound (64 characters after normalization); this only stops
// absurd strings at the door.
const RAW_WORD_MAX = 256;

const wordsProperty = (description: string) =>
  ApiProperty({
    type: [String],
    maxItems: WORDS_MAX,
    example: ['scam', 'free money', 'spoiler*', '代开发票'],
    description: `${description} Each entry is 1–64 characters with at least one letter or digit, stored normalized (NFC, invisible characters removed, one space between words). Latin, Cyrillic, Greek… entries match whole words; a leading or trailing \`*\` lets them match inside longer words (\`scam*\` finds "scammer"). Chinese and other scripts written without spaces match anywhere.`,
  });

/** An array of at most WORDS_MAX strings of at most RAW_WORD_MAX units. */
const WordArray = () => applyDecorators(IsArray(), ArrayMaxSize(WORDS_MAX), IsString({ each: true }), MaxLength(RAW_WORD_MAX, { each: true }));

export class ReplaceSensitiveWordsBody {
  @wordsProperty('The whole list (the platform list holds at most 10,000 words, a room list 1,000).')
  @WordArray()
  words!: string[];
}

export class EditSensitiveWordsBody {
  @ApiPropertyOptional({ type: [String], maxItems: WORDS_MAX, example: ['spam*'], description: 'Entries to add (already listed ones are no error)' })
  @IsOptional()
  @WordArray()
  add?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: WORDS_MAX, example: ['scam'], description: 'Entries to remove (unlisted ones are no error); a word may not be in both' })
  @IsOptional()
  @WordArray()
  remove?: string[];
}

export class SensitiveWordsView {
  @ApiProperty({ example: 3, description: 'Adds one with every change; 0 for a list never changed' }) version!: number;
  @ApiProperty({ type: [String], description: 'Normalized entries, in code point order' }) words!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'Who changed the list last' }) updatedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'ISO time of the last change' }) updatedAt!: string | null;

  static of(list: roomV1.SensitiveWordList | null | undefined): SensitiveWordsView {
    return { version: Number(list?.version ?? 0), words: list?.words ?? [], updatedBy: list?.updatedBy || null, updatedAt: isoTime(list?.updatedAt ?? '0') };
  }
}
