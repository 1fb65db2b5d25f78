/** The Home Assistant discovery topics this station has published (home-assistant/discovery.ts). */
import type { Db } from '../db/open.ts';

export class HomeAssistantConfigs {
  private readonly all;
  private readonly insert;
  private readonly remove;

  constructor(db: Db) {
    this.all = db.prepare<[], string>('SELECT topic FROM home_assistant_configs ORDER BY topic').pluck();
    this.insert = db.prepare('INSERT OR IGNORE INTO home_assistant_configs (topic) VALUES (?)');
    this.remove = db.prepare('DELETE FROM home_assistant_configs WHERE topic = ?');
  }

  published(): string[] {
    return this.all.all();
  }

  add(topic: string): void {
    this.insert.run(topic);
  }

  forget(topic: string): void {
    this.remove.run(topic);
  }
}
