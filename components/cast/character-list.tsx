"use client";
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { restrictToVerticalAxis } from "@dnd-kit/modifiers";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useShallow } from "zustand/react/shallow";
import { useCastboard } from "@/lib/state/store";
import { CharacterCard } from "./character-card";

/** The cast as a list reordered by drag or keyboard; loaded only once there is a cast to order. */
export function CharacterList({ selectedId, onSelect, onOpenMask }: { selectedId: string | null; onSelect: (id: string) => void; onOpenMask: (id: string) => void }) {
  const { characters, moveCharacter } = useCastboard(useShallow((s) => ({ characters: s.characters, moveCharacter: s.moveCharacter })));
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) moveCharacter(String(active.id), characters.findIndex((c) => c.id === over.id));
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} modifiers={[restrictToVerticalAxis]} onDragEnd={onDragEnd}>
      <SortableContext items={characters.map((c) => c.id)} strategy={verticalListSortingStrategy}>
        <ul className="flex flex-col gap-2" aria-label="Characters">
          {characters.map((character) => (
            <CharacterCard
              key={character.id}
              character={character}
              selected={character.id === selectedId}
              onSelect={() => onSelect(character.id)}
              onOpenMask={() => onOpenMask(character.id)}
            />
          ))}
        </ul>
      </SortableContext>
    </DndContext>
  );
}
